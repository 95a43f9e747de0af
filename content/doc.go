// Package content stages touches as top, middle or bottom of the funnel
// (ToFu, MoFu, BoFu) and measures what leads consume at each lifecycle
// stage: the account-based marketing playbook's content by funnel stage
// (issue 16).
//
// # Staging a touch
//
// With a content inventory (the Content input: a row per item, its key an
// item, a URL or a campaign, its stage a tag, its format and segment), a
// touch takes the stage of the inventory item that its item column
// (funnel.ContentItemHeaders: item, content_item, content, asset), else its URL column
// (funnel.ContentURLHeaders: url, page_url, page, page_path), else its campaign names:
// the most specific key first. Items compare trimmed and in lower case;
// URLs by their path (scheme, host, query, fragment and a trailing slash
// aside: https://example.com/Pricing/?x=1 is /pricing). A touch that no
// item names, and every touch without an inventory, is staged by its
// activity type (ByActivity, DefaultRule): trial, demo or pricing: BoFu;
// white paper, case study or webinar: MoFu; visit or blog: ToFu (tested in
// that order, on the letters in lower case); any other activity has no
// stage and is counted (touches_unstaged). Tags read (ParseStage): tofu,
// top, top of (the) funnel, awareness; mofu, middle, consideration; bofu,
// bottom, decision, in any case and punctuation. An unknown or missing
// tag, a row without a key, and a key tagged with two stages are errors
// naming file, line and column; items that no touch names are a counted
// warning and the unused table.
//
// # Lifecycle stages
//
// With a long stage history (entity_id = the touches' lead_id, else
// account_id; stage; entered_at), the ladder orders the stages by their
// mean position in the entities' histories (the first entry of each stage
// in an entity's history in time order, counted from 0), ties by name;
// lost stages (funnel.IsLostStage) are exits and left out. A touch's
// lifecycle stage is its entity's last entry at or before the touch;
// before the first entry it is "(before stages)"; without a history,
// "(all)".
//
// # Tables
//
//	mix:        per lifecycle stage l and content stage s (staged touches only)
//	            touches(l, s), leads(l, s) = distinct entities among them,
//	            share(l, s) = touches(l, s) / Σ_s' touches(l, s')
//	conversion: per l and s, leads(l, s) = entities with a touch of s at l;
//	            advanced(l, s) = those with an entry, after their first such
//	            touch, into a stage after l on the ladder;
//	            rate = advanced / leads
//	gaps:       lifecycle stages, and segments (the leads' SegmentBy column,
//	            default industry), whose touches include no MoFu or no BoFu
//	            touch: missing = mofu, bofu, or both
//	unused:     inventory items no touch names, with their line
//
// The conversion is descriptive: leads who read BoFu content at a stage
// were often about to advance anyway; it does not say the content moved
// them.
//
// # Attribution by content stage
//
// AddStageColumn adds the stages to the touches as a text column
// content_stage (NA where unstaged), which `funnel attribute --by
// content_stage` credits; StageCosts sums a costs table by stage through
// the inventory's campaigns (costs of campaigns not in the inventory are
// left out, with a warning).
package content
