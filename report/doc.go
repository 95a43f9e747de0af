// Package report builds the monthly report of funnel report: the month's
// key figures next to the previous month's, velocity and conversion over
// the months up to it, attribution of the month's won deals, the health of
// the lead-score model on the month's outcomes with the month's top open
// leads, high-intensity accounts and market size, the account signals for
// sales (with web activity), the month's webinars (with an attendee
// report), its content, the dormant leads, re-engagement and nurture
// program (with touches), speed to lead (with sales touches) and the
// credit of the month's entries into each lifecycle stage, as one
// funnel.Report whose tables are laid out on the workbook's sheets.
//
// It composes the analyses of the scoring, accounts, attribution, velocity,
// market, signals, webinar, content, nurture and speed packages through
// their public APIs; it reads no files and knows nothing of flags.
package report
