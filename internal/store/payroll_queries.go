package store

var (
	qFindRates             = register("FindRates", "program_id", "year")
	qFindItemRates         = register("FindItemRates", "rate_id")
	qCreateRates           = register("CreateRates", "program_id", "year", "hourly_ore", "training_paid", "account_id", "now")
	qCreateItemRate        = register("CreateItemRate", "rate_id", "category", "ore")
	qPayFindMentor         = register("PayFindMentor", "program_id", "year", "ref")
	qCreateTimesheet       = register("CreateTimesheet", "program_id", "year", "participant_id", "month", "hourly_ore", "amount_ore", "now", "account_id")
	qCreateTimesheetLine   = register("CreateTimesheetLine", "timesheet_id", "category", "quarter_hours", "items", "item_ore")
	qFindTimesheets        = register("FindTimesheets", "id", "program_id", "month", "state", "participant_id")
	qFindTimesheetLines    = register("FindTimesheetLines", "id", "program_id", "month", "state", "participant_id")
	qFindSessionsLed       = register("FindSessionsLed", "participant_id", "from", "to", "now")
	qFindShiftsWorked      = register("FindShiftsWorked", "participant_id", "from", "to", "now")
	qCountFeedbackReturned = register("CountFeedbackReturned", "participant_id", "from", "to")
	qDecideTimesheet       = register("DecideTimesheet", "state", "comment", "now", "account_id", "id")
)
