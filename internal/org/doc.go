// Package org is responsible for institutions and their organisation tree:
// faculties and departments, study programmes and their cohorts with student
// populations. Every record in mentorhub belongs to an institution, and this
// package decides who may see and change each institution's tree.
package org
