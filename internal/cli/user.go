package cli

import (
	"bufio"
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/config"
	"github.com/mentorhub/mentorhub/internal/org"
	"github.com/mentorhub/mentorhub/internal/server"
)

// listFlag collects a repeatable, comma-separable flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}

func runUser(ctx context.Context, env Env, args []string) int {
	if len(args) > 0 && (args[0] == "disable" || args[0] == "enable") {
		return runUserDisable(ctx, env, args[0], args[1:])
	}
	if len(args) == 0 || args[0] != "add" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(env.Stdout, "Usage: mentorhub user add --email E --name N --role ROLE [--program ID] [--unit CODE] --password-stdin")
			fmt.Fprintln(env.Stdout, "       mentorhub user disable|enable --email E")
			return exitOK
		}
		fmt.Fprintln(env.Stderr, "Usage: mentorhub user add --email E --name N --role ROLE [--program ID] [--unit CODE] --password-stdin")
		return exitUsage
	}
	fs := newFlags(env, "user add", "user add --email E --name N --role ROLE [--program ID] [--unit CODE] [--institution SLUG] --password-stdin")
	flags := config.Register(fs, "data", "database_url")
	email := fs.String("email", "", "login e-mail `address` (required)")
	name := fs.String("name", "", "full `name` (required)")
	role := fs.String("role", "", "`role`: admin, leader, coordinator, mentor, student, researcher or national_admin (required)")
	var programs listFlag
	fs.Var(&programs, "program", "program `id` (program_id or number) the coordinator or mentor serves; repeat or comma-separate")
	unit := fs.String("unit", "", "unit `code` a leader or researcher is scoped to (default: whole institution)")
	instSlug := fs.String("institution", "", "institution `slug` (needed when the database holds several; created if the database holds none)")
	instName := fs.String("institution-name", "", "`name` of the institution to create when the database holds none")
	pwStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input (no password: Feide login only)")
	if done, code := parse(fs, env, args[1:]); done {
		return code
	}
	if *email == "" || *name == "" || *role == "" {
		fmt.Fprintln(env.Stderr, "mentorhub user add: --email, --name and --role are required")
		return exitUsage
	}
	r := app.Role(*role)
	if r != app.RoleNationalAdmin && !app.ValidRole(r) {
		fmt.Fprintf(env.Stderr, "mentorhub user add: unknown role %q (admin, leader, coordinator, mentor, student, researcher, national_admin)\n", *role)
		return exitUsage
	}
	var password string
	if *pwStdin {
		line, err := bufio.NewReader(env.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return fail(env, fmt.Errorf("no password on standard input"))
		}
		password = strings.TrimRight(line, "\r\n")
	}
	c, err := flags.Load(env.Getenv)
	if err != nil {
		return fail(env, err)
	}
	svc, err := openServices(ctx, c)
	if err != nil {
		return fail(env, err)
	}
	defer svc.Close()
	ctx = app.WithActor(ctx, app.SystemActor)
	authSvc, orgSvc, progSvc := svc.Auth, svc.Org, svc.Programs
	inst, err := institutionFor(ctx, orgSvc, *instSlug, *instName)
	if err != nil {
		return fail(env, err)
	}
	in := auth.CreateAccountInput{InstitutionID: inst.ID, Email: *email, Password: password}
	in.GivenName, in.FamilyName = auth.SplitName(*name)
	if r == app.RoleNationalAdmin {
		in.National = true
	} else {
		g := app.Grant{Role: r}
		if *unit != "" {
			u, err := orgSvc.UnitByCode(ctx, inst.ID, *unit)
			if err != nil {
				return fail(env, fmt.Errorf("unit %q: %w", *unit, err))
			}
			g.UnitID = u.ID
		}
		if len(programs) == 0 {
			in.Grants = []app.Grant{g}
		}
		for _, pid := range programs {
			p, err := progSvc.ByCode(ctx, inst.ID, pid)
			if err != nil {
				if n, convErr := strconv.ParseInt(pid, 10, 64); convErr == nil {
					p, err = progSvc.Get(ctx, n)
				}
			}
			if err != nil || p.InstitutionID != inst.ID {
				return fail(env, fmt.Errorf("program %q: no such program in %s", pid, inst.Name))
			}
			pg := g
			pg.ProgramID = p.ID
			in.Grants = append(in.Grants, pg)
		}
	}
	acct, err := authSvc.CreateAccount(ctx, in)
	if err != nil {
		return fail(env, err)
	}
	fmt.Fprintf(env.Stdout, "created account %s (%s) in %s with role %s\n", acct.Email, acct.Name(), inst.Name, *role)
	return exitOK
}

// runUserDisable disables or enables an account: a disabled account cannot
// log in, its sessions end and its API tokens stop working.
func runUserDisable(ctx context.Context, env Env, verb string, args []string) int {
	fs := newFlags(env, "user "+verb, "user "+verb+" --email E [--data DIR | --database-url URL]")
	flags := config.Register(fs, "data", "database_url")
	email := fs.String("email", "", "e-mail `address` of the account (required)")
	if done, code := parse(fs, env, args); done {
		return code
	}
	if *email == "" {
		fmt.Fprintf(env.Stderr, "mentorhub user %s: --email is required\n", verb)
		return exitUsage
	}
	return withAuth(ctx, env, flags, func(ctx context.Context, a *auth.Service) error {
		acct, err := a.AccountByEmail(ctx, *email)
		if err != nil {
			return err
		}
		if _, err := a.SetDisabled(ctx, acct.ID, verb == "disable"); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%sd account %s\n", verb, acct.Email)
		return nil
	})
}

// institutionFor picks the institution a CLI command works on.
func institutionFor(ctx context.Context, o *org.Service, slug, name string) (org.Institution, error) {
	list, err := o.Institutions(ctx)
	if err != nil {
		return org.Institution{}, err
	}
	if slug != "" {
		for _, in := range list {
			if in.Slug == slug {
				return in, nil
			}
		}
		if len(list) > 0 {
			return org.Institution{}, fmt.Errorf("no institution %q (create it with `mentorhub institution add`)", slug)
		}
	}
	switch {
	case len(list) == 1 && slug == "":
		return list[0], nil
	case len(list) > 1:
		var slugs []string
		for _, in := range list {
			slugs = append(slugs, in.Slug)
		}
		return org.Institution{}, fmt.Errorf("the database holds several institutions: name one with --institution (%s)", strings.Join(slugs, ", "))
	}
	// An empty database: create the first institution.
	if slug == "" {
		slug = "default"
	}
	if name == "" {
		name = "My institution"
	}
	return o.CreateInstitution(ctx, org.Institution{Slug: slug, Name: name})
}

func runInstitution(ctx context.Context, env Env, args []string) int {
	const syn = "institution add --slug SLUG --name NAME [--realm FEIDE-REALM]"
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprintln(env.Stderr, "Usage: mentorhub "+syn)
		return exitUsage
	}
	fs := newFlags(env, "institution add", syn)
	flags := config.Register(fs, "data", "database_url")
	slug := fs.String("slug", "", "short `name` (lower-case letters, digits, hyphens)")
	name := fs.String("name", "", "full `name`")
	realm := fs.String("realm", "", "Feide `realm`, e.g. uib.no: first Feide logins from it join this institution")
	if done, code := parse(fs, env, args[1:]); done {
		return code
	}
	return withServices(ctx, env, flags, func(ctx context.Context, _ config.Config, svc *server.Services) error {
		in, err := svc.Org.CreateInstitution(ctx, org.Institution{Slug: *slug, Name: *name, FeideRealm: *realm})
		if err == nil {
			fmt.Fprintf(env.Stdout, "created institution %s (%s)\n", in.Slug, in.Name)
		}
		return err
	})
}
