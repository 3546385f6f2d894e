package store_test

import (
	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
)

func authAccount(inst int64, email string, badUnit int64) auth.NewAccount {
	return auth.NewAccount{
		Person: auth.NewPerson{InstitutionID: inst, GivenName: "Ada", FamilyName: "Lovelace", Email: email},
		Email:  email,
		Grants: []app.Grant{{Role: app.RoleLeader, InstitutionID: inst, UnitID: badUnit}},
	}
}
