package sample

// The planted parameters. Truth copies them into truth.json; the tests
// check the generated data against them.

// Activity types of touches, in the order of the tables below.
const (
	actWebVisit = iota
	actPricingPageView
	actWhitepaperDownload
	actResearchReportDownload
	actWebinarAttended
	actFreeTrialSignup
	actTrialUsage
	actDemoRequest
	actEmailClick
	actEventVisit
	nActivity
)

var activityNames = [nActivity]string{
	"web_visit", "pricing_page_view", "whitepaper_download", "research_report_download",
	"webinar_attended", "free_trial_signup", "trial_usage", "demo_request", "email_click", "event_visit",
}

// Lead scoring truth: logit P(won) = interceptLogOdds + industryLogOdds[i]
// + sum_t activityLogOdds[t] * count_t, where count_t counts the lead's
// touches of type t before its cutoff (won_at for won leads, else the data's
// end). Weights of different sizes: ~0 (web_visit), one negative
// (email_click), trial and demo strongly positive.
const interceptLogOdds = -3.8

var activityLogOdds = [nActivity]float64{
	actWebVisit:               0.02,
	actPricingPageView:        0.35,
	actWhitepaperDownload:     0.08,
	actResearchReportDownload: 0.20,
	actWebinarAttended:        0.30,
	actFreeTrialSignup:        1.10,
	actTrialUsage:             0.12,
	actDemoRequest:            1.40,
	actEmailClick:             -0.10,
	actEventVisit:             0.25,
}

// Poisson rates of pre-cutoff counts per lead, before the account's
// engagement multiplier and the seniority multipliers. trial_usage is drawn
// only for leads with a free trial, at trialUsageRate.
var activityRate = [nActivity]float64{
	actWebVisit:               2.2,
	actPricingPageView:        0.5,
	actWhitepaperDownload:     0.4,
	actResearchReportDownload: 0.25,
	actWebinarAttended:        0.3,
	actFreeTrialSignup:        0.12,
	actDemoRequest:            0.09,
	actEmailClick:             1.3,
	actEventVisit:             0.2,
}

const trialUsageRate = 3.5

// A lead's nominal creation time is uniform from preWindowDays before the
// window's start to its end; its activity rates are scaled by its exposure,
// the share of exposureDays it had before the end of the data (at least
// minExposure).
const (
	preWindowDays = 60
	lateShare     = 0.04
	exposureDays  = 120
	minExposure   = 0.05
)

// creatingMix is the distribution of the activity type of the touch that
// created the lead (its count gets +1).
var creatingMix = [nActivity]float64{
	actWebVisit: 0.40, actWhitepaperDownload: 0.18, actResearchReportDownload: 0.08,
	actWebinarAttended: 0.10, actEventVisit: 0.10, actPricingPageView: 0.04,
	actDemoRequest: 0.04, actFreeTrialSignup: 0.06,
}

// onboardingMix is the activity mix of post-won (onboarding) touches, with
// their channel; onboardingRate is their Poisson mean per won lead.
var onboardingMix = [nActivity]float64{
	actTrialUsage: 0.5, actEmailClick: 0.3, actWebinarAttended: 0.1, actWebVisit: 0.1,
}
var onboardingChannel = [nActivity]int{
	actTrialUsage: chDirect, actEmailClick: chEmail, actWebinarAttended: chWebinar, actWebVisit: chDirect,
}

const (
	onboardingRate     = 4.0
	onboardingDays     = 120
	onboardingCampaign = "Customer Onboarding"
)

// Channels of touches.
const (
	chOrganicSearch = iota
	chPaidSearch
	chSocial
	chEmail
	chEvents
	chWebinar
	chContentSyndication
	chReferral
	chDirect
	chSalesOutreach
	nChannel
)

var channelNames = [nChannel]string{
	"organic_search", "paid_search", "social", "email", "events", "webinar",
	"content_syndication", "referral", "direct", "sales_outreach",
}

// channelMix[t][c] is P(channel c | activity type t) for a touch of a lead
// that does not win: the plausible channels of each activity type.
var channelMix = [nActivity][nChannel]float64{
	actWebVisit: {chOrganicSearch: .30, chPaidSearch: .20, chSocial: .14, chEmail: .07,
		chContentSyndication: .04, chReferral: .08, chDirect: .15, chSalesOutreach: .02},
	actPricingPageView: {chOrganicSearch: .25, chPaidSearch: .22, chEmail: .10, chReferral: .08,
		chDirect: .33, chSalesOutreach: .02},
	actWhitepaperDownload: {chOrganicSearch: .15, chPaidSearch: .15, chSocial: .20, chEmail: .15,
		chContentSyndication: .35},
	actResearchReportDownload: {chOrganicSearch: .15, chPaidSearch: .12, chSocial: .15, chEmail: .13,
		chContentSyndication: .40, chReferral: .05},
	actWebinarAttended: {chSocial: .10, chEmail: .25, chWebinar: .65},
	actFreeTrialSignup: {chOrganicSearch: .25, chPaidSearch: .25, chSocial: .05, chReferral: .15,
		chDirect: .30},
	actTrialUsage: {chEmail: .20, chDirect: .80},
	actDemoRequest: {chOrganicSearch: .12, chPaidSearch: .18, chEvents: .05, chWebinar: .05,
		chReferral: .15, chDirect: .20, chSalesOutreach: .25},
	actEmailClick: {chEmail: .90, chSalesOutreach: .10},
	actEventVisit: {chSocial: .05, chEvents: .85, chSalesOutreach: .10},
}

// channelLogOdds is the planted per-touch channel effect: a won lead's
// touch of type t comes through channel c with probability proportional to
// channelMix[t][c] * exp(channelLogOdds[c]), so that each touch through c
// adds channelLogOdds[c] to the log-odds of winning, relative to a touch of
// the same type through direct (the reference, 0).
var channelLogOdds = [nChannel]float64{
	chOrganicSearch:      0.10,
	chPaidSearch:         -0.05,
	chSocial:             -0.25,
	chEmail:              -0.10,
	chEvents:             0.30,
	chWebinar:            0.20,
	chContentSyndication: -0.20,
	chReferral:           0.45,
	chDirect:             0,
	chSalesOutreach:      0.15,
}

const referenceChannel = chDirect

// Industries: share of accounts, direct effect on the log-odds of winning
// (Software, the most frequent, is the reference), effect on the account's
// engagement (log rate), revenue per employee, and target-list bonus.
const (
	indSoftware = iota
	indFinance
	indHealthcare
	indManufacturing
	indRetail
	indEducation
	indMedia
	nIndustry
)

var industryNames = [nIndustry]string{"Software", "Finance", "Healthcare", "Manufacturing", "Retail", "Education", "Media"}
var industryShare = [nIndustry]float64{0.24, 0.16, 0.14, 0.14, 0.12, 0.10, 0.10}
var industryLogOdds = [nIndustry]float64{0, 0.35, 0.15, -0.25, -0.45, -0.70, -0.10}
var industryEngagement = [nIndustry]float64{0.30, 0.20, 0.10, -0.10, -0.15, -0.30, 0}
var industryRevenuePerEmployee = [nIndustry]float64{260e3, 420e3, 160e3, 310e3, 210e3, 90e3, 230e3}
var industryTargetBonus = [nIndustry]float64{0.6, 0.5, 0.3, 0, 0, 0, 0}

const referenceIndustry = indSoftware

// Regions: share of accounts, engagement effect, top-level domain of
// account web sites, legal suffixes of company names.
var regionNames = [4]string{"NA", "EMEA", "APAC", "LATAM"}
var regionShare = [4]float64{0.45, 0.30, 0.15, 0.10}
var regionEngagement = [4]float64{0.15, 0, -0.10, -0.20}
var regionTLD = [4][]string{
	{".com", ".com", ".com", ".io", ".ca"},
	{".de", ".co.uk", ".fr", ".nl", ".se", ".eu"},
	{".com.au", ".sg", ".jp", ".in", ".co.nz"},
	{".com.br", ".mx", ".com.ar", ".cl"},
}
var regionSuffix = [4][]string{
	{"Inc.", ", Inc.", "LLC", "Corp.", "Co."},
	{"GmbH", "Ltd", "SA", "BV", "AB", "plc"},
	{"Pty Ltd", "Pte Ltd", "KK", "Ltd", "Pvt Ltd"},
	{"S.A.", "Ltda.", "S.A. de C.V.", "SpA"},
}

// Account engagement: the Poisson rates of an account's leads are scaled by
//
//	m = exp(industryEngagement + regionEngagement + sizeEngagement*(log10(employees) - sizeCenter)
//	        + targetEngagement*target + engagementNoise*N(0,1))
const (
	sizeEngagement   = 0.25
	sizeCenter       = 2.85
	targetEngagement = 0.30
	engagementNoise  = 0.35
	minEmployees     = 10
	maxEmployees     = 50000
	noContactShare   = 0.12 // accounts on file without any contact yet
	maxCommittee     = 8
)

// Seniority: share of leads, multiplier of every activity rate, extra
// multiplier of demo requests.
var seniorityNames = [5]string{"C-Level", "VP", "Director", "Manager", "Individual Contributor"}
var seniorityShare = [5]float64{0.06, 0.12, 0.22, 0.30, 0.30}
var seniorityRate = [5]float64{0.6, 0.8, 1.0, 1.1, 1.2}
var seniorityDemo = [5]float64{1.6, 1.4, 1.2, 1.0, 0.7}

// The nine-stage lead lifecycle.
const (
	stAwareness = iota
	stFriend
	stName
	stEngaged
	stProspect
	stMQL
	stSQL
	stOpportunity
	stCustomer
	nStage
)

var stageNames = [nStage]string{"awareness", "friend", "name", "engaged", "prospect", "mql", "sql", "opportunity", "customer"}

// Durations of the adjacent forward transition k -> k+1 are lognormal with
// median stageMedianDays[k] * factor(month, k) and log-sd stageSigma[k],
// where month is the month of the entry into k+1 (the velocity period).
var stageMedianDays = [nStage - 1]float64{4, 12, 8, 18, 10, 5, 12, 40}
var stageSigma = [nStage - 1]float64{1.0, 1.0, 0.9, 1.0, 0.9, 0.8, 0.8, 0.7}

// decemberFactor slows every transition completed in December (holidays).
const decemberFactor = 1.15

// slowdownFactors slow the transitions in slowedStages (from-stage) that
// complete in the last three months of the data, oldest first.
var slowdownFactors = [3]float64{1.3, 1.6, 2.0}
var slowedStages = [nStage]bool{stMQL: true, stOpportunity: true}

// Path of a lead through the lifecycle: skipProb[k] is the chance to jump
// from k to k+2; continueProb[k] the chance that a lead that does not win
// moves on from k (on the logit scale shifted by pathScoreSlope*(eta-pathEtaCenter),
// so that better-scoring leads get further); recycleProb the chance that an
// SQL is sent back to MQL (at most maxRecycles times). Skips and recycles
// are not adjacent forward transitions: their durations are not planted.
var skipProb = [nStage]float64{stAwareness: 0.35, stName: 0.08, stProspect: 0.12}
var continueProb = [nStage]float64{0.92, 0.95, 0.90, 0.85, 0.80, 0.75, 0.75, 0, 0}

const (
	futureShare       = 1.5 // a late lead that does not win is a future winner with chance futureShare*logistic(intensity)
	pathScoreSlope    = 0.5
	pathEtaCenter     = -2.5
	recycleProb       = 0.10
	maxRecycles       = 2
	recycleMedianDays = 40
	recycleSigma      = 0.6
	nurtureDays       = 60 // touches of leads that do not win go on this long after their last stage change
	conversionDays    = 14 // a won lead's last (converting) touch falls within this many days before won_at
)

// Opportunities: amount = 100 * round(amountBase/100 * (employees/100)^amountSizePower * exp(amountNoise*N(0,1))).
const (
	amountBase      = 12000
	amountSizePower = 0.35
	amountNoise     = 0.5
	lostProb        = 0.7 // an opportunity of a lead that does not win is lost (else open)
	lostMedianDays  = 35
	lostSigma       = 0.7
)

var openOpportunityStages = []string{"Discovery", "Proposal", "Negotiation"}
