package sample

// Words the generator builds names from: company names, people's names,
// job titles, campaign names.

var companyPrefixes = []string{
	"Northwind", "Blue Harbor", "Summit", "Redwood", "Silverline", "Granite", "Brightpath", "Evergreen",
	"Ironclad", "Lakeside", "Pioneer", "Crestview", "Bluestone", "Riverbend", "Sterling", "Horizon",
	"Cobalt", "Maple", "Keystone", "Clearwater", "Falcon", "Oakridge", "Vantage", "Meridian",
	"Atlas", "Beacon", "Cedar", "Harbor Point", "Juniper", "Lighthouse", "Nimbus", "Orchid",
	"Pinnacle", "Quantum", "Ridgeline", "Sapphire", "Trident", "Union Square", "Westbrook", "Zenith",
}

var companyNouns = [nIndustry][]string{
	indSoftware:      {"Labs", "Systems", "Software", "Cloud", "Data", "Networks", "Apps"},
	indFinance:       {"Capital", "Financial", "Bank", "Partners", "Insurance", "Credit", "Wealth"},
	indHealthcare:    {"Health", "Medical", "Clinics", "Pharma", "Diagnostics", "Care", "Biotech"},
	indManufacturing: {"Industries", "Manufacturing", "Components", "Machines", "Materials", "Tooling", "Plastics"},
	indRetail:        {"Retail", "Stores", "Outfitters", "Market", "Brands", "Goods", "Supply"},
	indEducation:     {"University", "Academy", "Learning", "College", "Schools", "Institute", "Education"},
	indMedia:         {"Media", "Studios", "Publishing", "Broadcasting", "Digital", "Press", "Pictures"},
}

var firstNames = []string{
	"james", "mary", "robert", "patricia", "john", "jennifer", "michael", "linda", "david", "elizabeth",
	"william", "barbara", "richard", "susan", "joseph", "jessica", "thomas", "sarah", "carlos", "karen",
	"daniel", "lisa", "matthew", "nancy", "anthony", "sandra", "mark", "ashley", "priya", "emily",
	"wei", "mei", "hiroshi", "yuki", "lukas", "anna", "sofia", "mateo", "olivia", "noah",
	"fatima", "omar", "ingrid", "lars", "chloe", "pierre", "giulia", "marco", "aisha", "raj",
}

var lastNames = []string{
	"smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "rodriguez", "martinez",
	"hernandez", "lopez", "gonzalez", "wilson", "anderson", "thomas", "taylor", "moore", "jackson", "martin",
	"lee", "perez", "thompson", "white", "harris", "sanchez", "clark", "ramirez", "lewis", "robinson",
	"walker", "young", "allen", "king", "wright", "scott", "nguyen", "hill", "patel", "kim",
	"mueller", "schmidt", "rossi", "dubois", "tanaka", "sato", "chen", "wang", "silva", "santos",
}

var titleFunctions = []string{
	"Marketing", "Sales", "Revenue Operations", "Finance", "IT", "Engineering", "Product",
	"Data & Analytics", "Operations", "Customer Success", "Demand Generation",
}

var cLevelTitles = []string{"CEO", "CMO", "CRO", "CFO", "CTO", "COO", "CIO", "Chief Data Officer", "Chief Marketing Officer"}

var contributorTitles = []string{
	"Marketing Specialist", "Sales Development Representative", "Data Analyst", "Software Engineer",
	"Account Executive", "Operations Analyst", "Financial Analyst", "Product Designer",
	"Demand Generation Specialist", "Customer Success Associate", "Marketing Operations Analyst",
}

// Campaigns: every channel has one always-on campaign plus 2 to 7 quarterly
// ones named "<year>-Q<n> <label>: <topic>".
var channelLabel = [nChannel]string{
	chOrganicSearch: "SEO", chPaidSearch: "Paid Search", chSocial: "Social", chEmail: "Email",
	chEvents: "Event", chWebinar: "Webinar", chContentSyndication: "Syndication",
	chReferral: "Partner", chDirect: "Direct", chSalesOutreach: "Outbound",
}

var evergreenCampaign = [nChannel]string{
	chOrganicSearch:      "Always-on SEO: Blog and Guides",
	chPaidSearch:         "Always-on Paid Search: Brand Terms",
	chSocial:             "Always-on Social: Company Page",
	chEmail:              "Always-on Email: Monthly Digest",
	chEvents:             "Always-on Event: Field Meetups",
	chWebinar:            "Always-on Webinar: On-demand Library",
	chContentSyndication: "Always-on Syndication: Content Library",
	chReferral:           "Always-on Partner: Referral Program",
	chDirect:             "Always-on Direct: Website",
	chSalesOutreach:      "Always-on Outbound: SDR Sequences",
}

var campaignTopics = [nChannel][]string{
	chOrganicSearch: {"Lead Scoring Pillar Page", "Attribution Guide", "Funnel Metrics Glossary", "Comparison Pages",
		"Template Library", "Velocity How-to Series", "Benchmark Landing Pages"},
	chPaidSearch: {"Competitor Terms", "Lead Scoring Keywords", "Attribution Keywords", "Retargeting",
		"Category Terms", "Free Trial Push", "Demo Offer"},
	chSocial: {"LinkedIn Thought Leadership", "LinkedIn Lead Gen Forms", "Customer Stories", "Product Launch",
		"Video Series", "Analyst Report Promo", "Community Q&A"},
	chEmail: {"Nurture - Scoring Basics", "Nurture - Attribution", "Product Newsletter", "Trial Follow-up",
		"Event Invitations", "Re-engagement", "Feature Announcements"},
	chEvents: {"SaaStr Annual", "Dreamforce", "MarTech Conference", "B2B Marketing Expo",
		"Regional Roadshow", "Customer Summit", "Executive Dinner Series"},
	chWebinar: {"Pipeline Math", "Attribution Without Tears", "Scoring Leads by Data", "Velocity Early Warnings",
		"ABM That Works", "Market Sizing 101", "Board-Ready Funnel Reports"},
	chContentSyndication: {"Analyst Report Syndication", "State of B2B Funnels", "Buyer's Guide", "Intent Data Program",
		"Ebook: The Fuzzy Funnel", "Research Brief Network", "Benchmark Study"},
	chReferral: {"Agency Partner Program", "Reseller Referrals", "Integration Partners", "Customer Referral Bonus",
		"Consultant Network", "Marketplace Listing", "Co-marketing Launch"},
	chDirect: {"Homepage Refresh", "Pricing Page Test", "Brand Campaign Halo", "Podcast Mentions",
		"Word of Mouth", "Product Hunt Launch", "Customer Community"},
	chSalesOutreach: {"Target Account Sequence", "Competitive Displacement", "Trial Conversion Calls", "Executive Outreach",
		"Event Follow-up Calls", "Expansion Plays", "Cold Call Blitz"},
}

// Monthly costs per campaign (at 20000 leads; fixed parts scale with the
// number of leads): a fixed part per active month, always-on and quarterly,
// plus a cost per touch. Direct has no cost.
var evergreenMonthlyCost = [nChannel]float64{
	chOrganicSearch: 4000, chPaidSearch: 3000, chSocial: 1500, chEmail: 600, chEvents: 3000,
	chWebinar: 800, chContentSyndication: 1000, chReferral: 1500, chSalesOutreach: 15000,
}
var quarterlyMonthlyCost = [nChannel]float64{
	chOrganicSearch: 1500, chPaidSearch: 2000, chSocial: 1200, chEmail: 400, chEvents: 20000,
	chWebinar: 2500, chContentSyndication: 3000, chReferral: 500, chSalesOutreach: 3000,
}
var costPerTouch = [nChannel]float64{
	chOrganicSearch: 2, chPaidSearch: 40, chSocial: 15, chEmail: 0.5, chEvents: 60,
	chWebinar: 20, chContentSyndication: 45, chReferral: 25, chSalesOutreach: 10,
}

const (
	costScaleLeads  = 20000
	costNoise       = 0.15
	quarterlyShare  = 0.6 // chance that a touch goes to an active quarterly campaign of its channel
	minQuarterlyCmp = 2
	maxQuarterlyCmp = 7
)
