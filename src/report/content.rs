//! What the report says: facts gathered from the journey in one pass each, laid out as
//! headings, bullets and tables of plain text.

use super::Input;
use super::document::{Block, Document, Inlines, Table, cell, code, strong, text};
use super::facts::Facts;
use crate::diagnostic::{Finding, Level};
use crate::export::mermaid;
use crate::model::{
    Journey, Metric, MetricStatus, Severity, Touchpoint, emotion_scale, emotion_word,
};
use crate::text::{capitalize, count_of, plural, signed};

/// How many names a summary sentence lists before "and N more".
const NAMES_IN_SUMMARY: usize = 6;

pub fn build(input: &Input<'_>) -> Document {
    let facts = Facts::gather(input.journey);
    let mut report = Report {
        input,
        journey: input.journey,
        facts: &facts,
        blocks: Vec::new(),
    };
    report.header();
    report.at_a_glance();
    report.stages();
    report.emotion_curve();
    report.pains();
    report.metrics();
    report.handoffs();
    report.lanes();
    report.findings();
    Document {
        blocks: report.blocks,
    }
}

struct Report<'a> {
    input: &'a Input<'a>,
    journey: &'a Journey,
    facts: &'a Facts,
    blocks: Vec<Block>,
}

impl Report<'_> {
    fn heading(&mut self, level: u8, title: impl Into<String>) {
        self.blocks.push(Block::Heading(level, title.into()));
    }

    fn paragraph(&mut self, inlines: Inlines) {
        self.blocks.push(Block::Paragraph(inlines));
    }

    fn header(&mut self) {
        let journey = self.journey;
        let meta = &journey.meta;
        self.heading(1, format!("Journey report: {}", meta.title.value));
        let mut facts: Vec<Inlines> = vec![vec![
            strong("State:"),
            text(format!(" {} ", meta.state.as_str())),
            text(match meta.state {
                crate::model::State::AsIs => "(the journey as clients live it today)",
                crate::model::State::ToBe => "(the journey as we intend it to be)",
            }),
        ]];
        if let Some(persona) = &meta.persona {
            let mut line = vec![strong("Persona:"), text(" "), text(persona.value.as_str())];
            if let Some(role) = meta.persona_profile.as_ref().and_then(|p| p.role.as_ref()) {
                line.push(text(format!(", {}", role.value)));
            }
            facts.push(line);
        }
        if let Some(profile) = &meta.persona_profile {
            for (label, list) in [("Goals:", &profile.goals), ("Needs:", &profile.needs)] {
                if !list.is_empty() {
                    let items: Vec<&str> = list.iter().map(|item| item.value.as_str()).collect();
                    facts.push(vec![strong(label), text(format!(" {}", items.join("; ")))]);
                }
            }
            if let Some(quote) = &profile.quote {
                facts.push(vec![
                    strong("In their words:"),
                    text(format!(" “{}”", quote.value)),
                ]);
            }
        }
        let evidence = journey.evidence_counts();
        let items = evidence.journey + evidence.touchpoints + evidence.pains;
        if items > 0 || evidence.high_pains > 0 {
            facts.push(vec![
                strong("Evidence:"),
                text(format!(
                    " {} on the journey, {} on touchpoints, {} on pains; {} of {} high pains backed by evidence",
                    count_of(evidence.journey, "item"),
                    count_of(evidence.touchpoints, "item"),
                    count_of(evidence.pains, "item"),
                    evidence.high_pains_evidenced,
                    evidence.high_pains
                )),
            ]);
        }
        facts.push(vec![
            strong("Map owner:"),
            text(" "),
            match &meta.owner {
                Some(owner) => text(owner.value.as_str()),
                None => strong("none"),
            },
        ]);
        let stale = self
            .input
            .findings
            .iter()
            .any(|finding| finding.rule == "stale-review");
        let mut review = vec![strong("Last review:"), text(" ")];
        match &meta.reviewed {
            Some(date) => {
                review.push(text(date.value.to_string()));
                let days = (self.input.today - date.value).get_days();
                let age = match days {
                    0 => " (today)".to_string(),
                    1 => " (yesterday)".to_string(),
                    days if days > 0 => format!(" ({days} days ago)"),
                    _ => " (in the future)".to_string(),
                };
                review.push(text(age));
            }
            None => review.push(text("never recorded")),
        }
        if stale {
            review.push(text(" — "));
            review.push(strong(
                "stale: review the map with the teams before trusting it",
            ));
        }
        facts.push(review);
        facts.push(vec![
            strong("Scope:"),
            text(format!(
                " {}, {}, {}, {}, {}",
                count_of(journey.stages.len(), "stage"),
                count_of(journey.touchpoints.len(), "touchpoint"),
                count_of(journey.lanes.len(), "lane"),
                count_of(journey.handoffs.len(), "handoff"),
                count_of(journey.metrics.len(), "metric")
            )),
        ]);
        facts.push(vec![
            strong("Source:"),
            text(" "),
            code(journey.source.path.as_str()),
        ]);
        self.blocks.push(Block::Bullets(facts));
        if let Some(description) = &meta.description {
            let paragraphs = super::description::paragraphs(&description.value);
            if !paragraphs.is_empty() {
                self.blocks.push(Block::Quote(paragraphs));
            }
        }
        if let Some(svg) = self.input.svg {
            self.blocks.push(Block::Image {
                alt: format!("Journey map of {}", meta.title.value),
                path: svg.to_string(),
            });
        }
    }

    fn at_a_glance(&mut self) {
        self.heading(2, "At a glance");
        let bullets = vec![
            self.where_it_hurts(),
            self.pains_summary(),
            self.handoffs_summary(),
            self.metrics_summary(),
            self.lint_summary(),
        ];
        self.blocks.push(Block::Bullets(bullets));
    }

    /// The lowest moments and the lowest stage.
    fn where_it_hurts(&self) -> Inlines {
        let journey = self.journey;
        let mut hurts = vec![strong("Where it hurts:"), text(" ")];
        let lowest_points = journey.lowest_touchpoints();
        match lowest_points.first().map(|point| point.emotion) {
            None => hurts.push(text(
                "no touchpoint states the client's emotion, so the map cannot say.",
            )),
            Some(lowest) => {
                let names = lowest_points
                    .iter()
                    .map(|point| self.touchpoint_in_stage(point.touchpoint));
                hurts.push(text(if lowest >= 0 {
                    format!(
                        "the client never feels negative; the lowest moments ({}, {}) are {}.",
                        signed(f64::from(lowest)),
                        emotion_word(lowest),
                        list(names)
                    )
                } else {
                    format!(
                        "the client feels worst ({}, {}) at {}.",
                        signed(f64::from(lowest)),
                        emotion_word(lowest),
                        list(names)
                    )
                }));
                let worst_stage = journey.lowest_stage().and_then(|point| {
                    journey
                        .stages
                        .get(point.stage)
                        .map(|stage| (stage, point.mean))
                });
                if let Some((stage, mean)) = worst_stage {
                    hurts.push(text(format!(
                        " Lowest stage: {} (mean {}).",
                        stage.name.value,
                        crate::text::mean(mean)
                    )));
                }
            }
        }
        hurts
    }

    /// How many pains, where the high-severity ones are, which have no opportunity.
    fn pains_summary(&self) -> Inlines {
        let journey = self.journey;
        let facts = self.facts;
        let total_pains = facts.pains.len();
        let high: Vec<String> = facts
            .pains
            .iter()
            .filter(|&&(touchpoint, pain)| {
                self.pain(touchpoint, pain)
                    .is_some_and(|p| p.severity == Severity::High)
            })
            .map(|&(touchpoint, _)| self.touchpoint_name(touchpoint))
            .collect();
        let mut pains = vec![strong("Pains:"), text(" ")];
        if total_pains == 0 {
            pains.push(text("none recorded."));
        } else {
            pains.push(text(match high.len() {
                0 => format!("{total_pains} recorded, none of high severity"),
                n => format!("{total_pains} recorded, {n} of high severity"),
            }));
            if high.is_empty() {
                pains.push(text("."));
            } else {
                let mut places = high.clone();
                places.dedup();
                pains.push(text(format!(", at {}.", list(places.into_iter()))));
            }
            let without = journey
                .touchpoints
                .iter()
                .filter(|touchpoint| {
                    !touchpoint.pains.is_empty() && touchpoint.opportunities.is_empty()
                })
                .count();
            if without > 0 {
                pains.push(text(format!(
                    " {without} touchpoint{} with pains {} no opportunity to act on.",
                    plural(without),
                    if without == 1 { "has" } else { "have" }
                )));
            }
        }
        pains
    }

    /// How many handoffs cross lanes and which of them nobody owns.
    fn handoffs_summary(&self) -> Inlines {
        let journey = self.journey;
        let facts = self.facts;
        let mut handoffs = vec![strong("Handoffs:"), text(" ")];
        let cross = facts.cross_lane.len();
        if journey.handoffs.is_empty() {
            handoffs.push(text(
                "none recorded: the map does not say who hands what to whom.",
            ));
        } else if cross == 0 {
            handoffs.push(text(format!(
                "{} handoff{}, none crossing lanes.",
                journey.handoffs.len(),
                plural(journey.handoffs.len())
            )));
        } else {
            handoffs.push(text(if cross == journey.handoffs.len() {
                format!("all {cross} cross between lanes; ")
            } else {
                format!(
                    "{cross} of {} cross between lanes; ",
                    journey.handoffs.len()
                )
            }));
            if facts.unowned.is_empty() {
                handoffs.push(text("every one has an owner."));
            } else {
                handoffs.push(strong(format!("{} without an owner", facts.unowned.len())));
                let names = facts.unowned.iter().map(|&index| self.handoff_label(index));
                handoffs.push(text(format!(": {}.", list(names))));
            }
        }
        handoffs
    }

    /// Which metrics miss their target, and how many cannot say.
    fn metrics_summary(&self) -> Inlines {
        let journey = self.journey;
        let mut metrics = vec![strong("Metrics:"), text(" ")];
        let statuses: Vec<MetricStatus> = journey.metrics.iter().map(Metric::status).collect();
        let count = |status: MetricStatus| statuses.iter().filter(|&&s| s == status).count();
        let misses = count(MetricStatus::Misses);
        if journey.metrics.is_empty() {
            metrics.push(text("none defined: nothing on this journey is measured."));
        } else {
            if misses > 0 {
                metrics.push(strong(format!(
                    "{misses} of {} {}",
                    journey.metrics.len(),
                    if misses == 1 {
                        "misses its target"
                    } else {
                        "miss their target"
                    }
                )));
                let names = journey
                    .metrics
                    .iter()
                    .zip(&statuses)
                    .filter(|(_, status)| **status == MetricStatus::Misses)
                    .map(|(metric, _)| {
                        format!(
                            "{} ({} against {})",
                            metric.name.value,
                            current_text(metric),
                            target_text(metric)
                        )
                    });
                metrics.push(text(format!(": {}.", list(names))));
            } else {
                metrics.push(text(format!(
                    "none of {} misses its target.",
                    journey.metrics.len()
                )));
            }
            let mut others = Vec::new();
            for (status, one, many) in [
                (MetricStatus::Meets, "meets it", "meet theirs"),
                (
                    MetricStatus::NoCurrentValue,
                    "has no current value",
                    "have no current value",
                ),
                (MetricStatus::NoTarget, "has no target", "have no target"),
            ] {
                let n = count(status);
                if n > 0 {
                    others.push(format!("{n} {}", if n == 1 { one } else { many }));
                }
            }
            if !others.is_empty() {
                metrics.push(text(format!(" {}.", capitalize(&others.join(", ")))));
            }
        }
        metrics
    }

    /// The lint count.
    fn lint_summary(&self) -> Inlines {
        let errors = self
            .input
            .findings
            .iter()
            .filter(|f| f.level == Level::Error)
            .count();
        let warnings = self.input.findings.len() - errors;
        let mut lint = vec![strong("Lint:"), text(" ")];
        if errors + warnings == 0 {
            lint.push(text("no findings."));
        } else {
            lint.push(text(format!(
                "{errors} error{} and {warnings} warning{} (see Lint findings).",
                plural(errors),
                plural(warnings)
            )));
        }
        lint
    }

    fn stages(&mut self) {
        let journey = self.journey;
        self.heading(2, "Stages");
        let mut table = Table {
            headers: vec![
                "Stage",
                "Touchpoints",
                "Lanes",
                "Mean emotion",
                "Pains",
                "Opportunities",
                "Cross-lane handoffs",
                "Unowned handoffs",
                "Metrics",
            ],
            numeric: vec![1, 3, 5, 6, 7],
            rows: Vec::with_capacity(journey.stages.len()),
        };
        for (stage, facts) in journey.stages.iter().zip(&self.facts.stages) {
            let lanes = facts
                .lanes
                .iter()
                .filter_map(|&lane| journey.lanes.get(lane))
                .map(|lane| lane.name.value.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let metrics: Inlines = if facts.metrics.is_empty() {
                vec![strong("none")]
            } else {
                let mut inlines = Vec::new();
                for (position, metric) in facts
                    .metrics
                    .iter()
                    .filter_map(|&metric| journey.metrics.get(metric))
                    .enumerate()
                {
                    if position > 0 {
                        inlines.push(text("; "));
                    }
                    inlines.push(text(metric.name.value.as_str()));
                    if metric.status() == MetricStatus::Misses {
                        inlines.push(text(" "));
                        inlines.push(strong("(misses)"));
                    }
                }
                inlines
            };
            table.rows.push(vec![
                cell(stage.name.value.as_str()),
                cell(stage.touchpoints.len().to_string()),
                cell(lanes),
                cell(facts.mean.map_or("–".to_string(), crate::text::mean)),
                cell(severity_counts(facts.pains)),
                cell(facts.opportunities.to_string()),
                cell(facts.cross_lane.to_string()),
                count_cell(facts.unowned),
                metrics,
            ]);
        }
        self.blocks.push(Block::Table(table));
    }

    fn emotion_curve(&mut self) {
        let journey = self.journey;
        self.heading(2, "Emotion curve");
        let felt = journey.felt();
        if felt.is_empty() {
            self.paragraph(vec![text(
                "No touchpoint states the client's emotion (-2 to +2).",
            )]);
            return;
        }
        self.paragraph(vec![text(format!(
            "How the client feels at each touchpoint, from {}.",
            emotion_scale()
        ))]);
        self.blocks.push(Block::Mermaid {
            diagram: mermaid::journey_diagram(journey),
            caption: format!(
                "In the diagram 1 is {} and 5 {}; each task names its lane.",
                emotion_word(-2),
                emotion_word(2)
            ),
        });

        let mut bullets: Vec<Inlines> = Vec::new();
        let curve = journey
            .emotion_curve()
            .iter()
            .filter_map(|point| {
                let stage = journey.stages.get(point.stage)?;
                Some(format!(
                    "{} {}",
                    stage.name.value,
                    crate::text::mean(point.mean)
                ))
            })
            .collect::<Vec<_>>()
            .join(" → ");
        bullets.push(vec![strong("Stage by stage:"), text(format!(" {curve}"))]);

        for (label, points) in [
            ("Lowest moment:", journey.lowest_touchpoints()),
            ("Highest moment:", journey.highest_touchpoints()),
        ] {
            let Some(extreme) = points.first().map(|point| point.emotion) else {
                continue;
            };
            let names = points
                .iter()
                .map(|point| self.touchpoint_in_stage(point.touchpoint));
            bullets.push(vec![
                strong(label),
                text(format!(
                    " {} ({}) at {}",
                    signed(f64::from(extreme)),
                    emotion_word(extreme),
                    list(names)
                )),
            ]);
        }

        let stage_drop = journey.biggest_stage_drop();
        let stage_name = |index: usize| {
            journey
                .stages
                .get(index)
                .map_or("", |s| s.name.value.as_str())
        };
        match stage_drop {
            Some(drop) => bullets.push(vec![
                strong("Biggest drop between stages:"),
                text(format!(
                    " {} from {} ({}) to {} ({})",
                    crate::text::mean(-drop.size()),
                    stage_name(drop.from),
                    crate::text::mean(drop.before),
                    stage_name(drop.to),
                    crate::text::mean(drop.after)
                )),
            ]),
            None => bullets.push(vec![
                strong("Biggest drop between stages:"),
                text(" none: the mean emotion never falls from one stage to the next"),
            ]),
        }
        if let Some(drop) = journey.biggest_touchpoint_drop() {
            bullets.push(vec![
                strong("Biggest drop between touchpoints:"),
                text(format!(
                    " {} from {} ({}, {}) to {} ({}, {})",
                    signed(-drop.size()),
                    self.touchpoint_name(drop.from),
                    signed(drop.before),
                    self.stage_of(drop.from),
                    self.touchpoint_name(drop.to),
                    signed(drop.after),
                    self.stage_of(drop.to)
                )),
            ]);
        }
        let silent = journey.touchpoints.len().saturating_sub(felt.len());
        if silent > 0 {
            bullets.push(vec![text(format!(
                "{silent} of {} touchpoints {} no emotion and {} left out of the curve.",
                journey.touchpoints.len(),
                if silent == 1 { "states" } else { "state" },
                if silent == 1 { "is" } else { "are" }
            ))]);
        }
        self.blocks.push(Block::Bullets(bullets));
    }

    fn pains(&mut self) {
        let journey = self.journey;
        self.heading(2, "Pains, worst first");
        if self.facts.pains.is_empty() {
            self.paragraph(vec![text("No pains recorded.")]);
            return;
        }
        let mut table = Table {
            headers: vec![
                "Severity",
                "Pain",
                "Touchpoint",
                "Stage",
                "Lane",
                "Emotion",
                "Opportunities here",
            ],
            numeric: vec![5],
            rows: Vec::with_capacity(self.facts.pains.len()),
        };
        for &(touchpoint_index, pain_index) in &self.facts.pains {
            let Some(touchpoint) = journey.touchpoints.get(touchpoint_index) else {
                continue;
            };
            let Some(pain) = touchpoint.pains.get(pain_index) else {
                continue;
            };
            let severity = match pain.severity {
                Severity::High => vec![strong("high")],
                other => cell(other.as_str()),
            };
            let opportunities = if touchpoint.opportunities.is_empty() {
                vec![strong("none yet")]
            } else {
                cell(
                    touchpoint
                        .opportunities
                        .iter()
                        .map(|o| o.value.as_str())
                        .collect::<Vec<_>>()
                        .join("; "),
                )
            };
            table.rows.push(vec![
                severity,
                cell(pain.text.value.as_str()),
                cell(touchpoint.name.value.as_str()),
                cell(
                    journey
                        .stages
                        .get(touchpoint.stage)
                        .map_or("", |s| s.name.value.as_str()),
                ),
                cell(self.lane_name(touchpoint.lane.value)),
                cell(
                    touchpoint
                        .emotion
                        .as_ref()
                        .map_or("–".to_string(), |e| signed(f64::from(e.value))),
                ),
                opportunities,
            ]);
        }
        self.blocks.push(Block::Table(table));
    }

    fn metrics(&mut self) {
        let journey = self.journey;
        self.heading(2, "Metrics");
        if journey.metrics.is_empty() {
            self.paragraph(vec![text("No metrics defined.")]);
            return;
        }
        if let Some(overlay) = self.input.metrics {
            let dates: Vec<jiff::civil::Date> =
                overlay.values.iter().filter_map(|v| v.date).collect();
            let mut note = format!(
                "Current values of {} metric{} come from {}",
                overlay.values.len(),
                plural(overlay.values.len()),
                overlay.path
            );
            if let (Some(first), Some(last)) = (dates.iter().min(), dates.iter().max()) {
                if first == last {
                    note.push_str(&format!(", measured {first}"));
                } else {
                    note.push_str(&format!(", measured {first} to {last}"));
                }
            }
            note.push_str(", not from the journey file.");
            self.paragraph(vec![text(note)]);
        }
        let mut table = Table {
            headers: vec![
                "Metric",
                "Kind",
                "Measured at",
                "Target",
                "Current",
                "Status",
            ],
            numeric: vec![4],
            rows: Vec::with_capacity(journey.metrics.len()),
        };
        for (index, metric) in journey.metrics.iter().enumerate() {
            let stages = self
                .facts
                .metric_stages
                .get(index)
                .map(|stages| {
                    stages
                        .iter()
                        .filter_map(|&stage| journey.stages.get(stage))
                        .map(|stage| stage.name.value.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default();
            let measured = if stages.is_empty() {
                vec![strong("nowhere")]
            } else {
                cell(stages)
            };
            let mut current = current_text(metric);
            if let Some(value) = self
                .input
                .metrics
                .and_then(|overlay| overlay.value_of(index))
            {
                current.push_str(&match value.date {
                    Some(date) => format!(" (CSV, {date})"),
                    None => " (CSV)".to_string(),
                });
            }
            let status = metric.status();
            let status_cell = match (status, metric.shortfall()) {
                (MetricStatus::Misses, Some(shortfall)) => vec![
                    strong(status.as_str()),
                    text(format!(" by {}", with_unit(shortfall, metric))),
                ],
                (MetricStatus::Meets, _) => cell(status.as_str()),
                _ => vec![strong(status.as_str())],
            };
            table.rows.push(vec![
                cell(metric.name.value.as_str()),
                cell(metric.kind.as_str()),
                measured,
                cell(target_text(metric)),
                cell(current),
                status_cell,
            ]);
        }
        self.blocks.push(Block::Table(table));
    }

    fn handoffs(&mut self) {
        let journey = self.journey;
        self.heading(2, "Handoffs across lanes");
        let same_lane = journey.handoffs.len() - self.facts.cross_lane.len();
        if self.facts.cross_lane.is_empty() {
            self.paragraph(vec![text("No handoff crosses between lanes.")]);
            return;
        }
        let mut intro = "Every handoff between two teams, in file order. An owner is the person accountable for the handoff landing; \"none\" means nobody is.".to_string();
        if same_lane > 0 {
            intro.push_str(&format!(
                " {same_lane} more handoff{} stay{} within one lane.",
                plural(same_lane),
                if same_lane == 1 { "s" } else { "" }
            ));
        }
        self.paragraph(vec![text(intro)]);
        let mut table = Table {
            headers: vec!["From", "To", "Lanes", "Owner", "Artifact", "SLA", "Note"],
            numeric: vec![],
            rows: Vec::with_capacity(self.facts.cross_lane.len()),
        };
        for &index in &self.facts.cross_lane {
            let Some(handoff) = journey.handoffs.get(index) else {
                continue;
            };
            let from = journey.handoff_source(handoff);
            let to = journey.handoff_target(handoff);
            let owner = match &handoff.owner {
                Some(owner) => cell(owner.value.as_str()),
                None => {
                    let mut owner = vec![strong("none")];
                    if let Some(lane_owner) = journey
                        .lanes
                        .get(from.lane.value)
                        .and_then(|lane| lane.owner.as_ref())
                    {
                        owner.push(text(format!(
                            " (sending lane owned by {})",
                            lane_owner.value
                        )));
                    }
                    owner
                }
            };
            let note = if handoff.rework {
                "rework loop"
            } else if to.stage < from.stage {
                "goes back a stage"
            } else {
                ""
            };
            table.rows.push(vec![
                cell(from.name.value.as_str()),
                cell(to.name.value.as_str()),
                cell(format!(
                    "{} → {}",
                    self.lane_name(from.lane.value),
                    self.lane_name(to.lane.value)
                )),
                owner,
                cell(handoff.artifact.as_ref().map_or("–", |a| a.value.as_str())),
                cell(
                    handoff
                        .sla
                        .as_ref()
                        .map_or("–".to_string(), |sla| sla.value.display()),
                ),
                cell(note),
            ]);
        }
        self.blocks.push(Block::Table(table));
    }

    fn lanes(&mut self) {
        let journey = self.journey;
        self.heading(2, "Lanes");
        let mut table = Table {
            headers: vec![
                "Lane",
                "Kind",
                "Owner",
                "Touchpoints",
                "Pains",
                "Cross-lane handoffs out",
                "Unowned",
            ],
            numeric: vec![3, 4, 5, 6],
            rows: Vec::with_capacity(journey.lanes.len()),
        };
        for (lane, facts) in journey.lanes.iter().zip(&self.facts.lanes) {
            table.rows.push(vec![
                cell(lane.name.value.as_str()),
                cell(lane.kind.as_str()),
                match &lane.owner {
                    Some(owner) => cell(owner.value.as_str()),
                    None => vec![strong("none")],
                },
                cell(facts.touchpoints.to_string()),
                cell(facts.pains.to_string()),
                cell(facts.cross_lane.to_string()),
                count_cell(facts.unowned),
            ]);
        }
        self.blocks.push(Block::Table(table));
    }

    fn findings(&mut self) {
        self.heading(2, "Lint findings");
        let findings = self.input.findings;
        if findings.is_empty() {
            self.paragraph(vec![text("None: the journey lints clean.")]);
            return;
        }
        self.paragraph(vec![
            text("What "),
            code("jmap lint"),
            text(" reports for this file; "),
            code("jmap explain RULE"),
            text(" says why each rule matters and how to fix it."),
        ]);
        for (level, title) in [(Level::Error, "Errors"), (Level::Warning, "Warnings")] {
            let of_level: Vec<&Finding> = findings.iter().filter(|f| f.level == level).collect();
            if of_level.is_empty() {
                continue;
            }
            self.heading(3, format!("{title} ({})", of_level.len()));
            let mut table = Table {
                headers: vec!["Rule", "Element", "Line", "Message"],
                numeric: vec![2],
                rows: Vec::with_capacity(of_level.len()),
            };
            for finding in of_level {
                let line = self.journey.source.line_col(finding.span.start).line;
                table.rows.push(vec![
                    vec![code(finding.rule)],
                    match &finding.element {
                        Some(element) => vec![code(element.to_string())],
                        None => cell("–"),
                    },
                    cell(line.to_string()),
                    code_spans(&finding.message),
                ]);
            }
            self.blocks.push(Block::Table(table));
        }
    }

    fn touchpoint(&self, index: usize) -> Option<&Touchpoint> {
        self.journey.touchpoints.get(index)
    }

    fn pain(&self, touchpoint: usize, pain: usize) -> Option<&crate::model::Pain> {
        self.touchpoint(touchpoint).and_then(|t| t.pains.get(pain))
    }

    fn touchpoint_name(&self, index: usize) -> String {
        self.touchpoint(index)
            .map_or_else(String::new, |t| t.name.value.clone())
    }

    /// "UAT sessions in User acceptance testing".
    fn touchpoint_in_stage(&self, index: usize) -> String {
        format!(
            "{} in {}",
            self.touchpoint_name(index),
            self.stage_of(index)
        )
    }

    /// The name of a touchpoint's stage.
    fn stage_of(&self, index: usize) -> &str {
        self.touchpoint(index)
            .and_then(|touchpoint| self.journey.stages.get(touchpoint.stage))
            .map_or("", |stage| stage.name.value.as_str())
    }

    fn lane_name(&self, index: usize) -> &str {
        self.journey
            .lanes
            .get(index)
            .map_or("", |lane| lane.name.value.as_str())
    }

    /// "Proposal → Discovery workshop".
    fn handoff_label(&self, index: usize) -> String {
        let Some(handoff) = self.journey.handoffs.get(index) else {
            return String::new();
        };
        format!(
            "{} → {}",
            self.journey.handoff_source(handoff).name.value,
            self.journey.handoff_target(handoff).name.value
        )
    }
}

fn count_cell(count: usize) -> Inlines {
    if count > 0 {
        vec![strong(count.to_string())]
    } else {
        cell("0")
    }
}

/// "A", "A and B", "A, B and C", "A, B, … and 4 more".
fn list(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    let shown = items.len().min(NAMES_IN_SUMMARY);
    let hidden = items.len() - shown;
    let mut out = String::new();
    for (position, item) in items.iter().take(shown).enumerate() {
        if position > 0 {
            out.push_str(if position + 1 == shown && hidden == 0 {
                " and "
            } else {
                ", "
            });
        }
        out.push_str(item);
    }
    if hidden > 0 {
        out.push_str(&format!(" and {hidden} more"));
    }
    out
}

/// "2 high, 1 medium"; "0" when there are none.
fn severity_counts(counts: [usize; 3]) -> String {
    let parts: Vec<String> = [(2, "high"), (1, "medium"), (0, "low")]
        .iter()
        .filter_map(|&(index, name)| {
            let count = counts.get(index).copied().unwrap_or(0);
            (count > 0).then(|| format!("{count} {name}"))
        })
        .collect();
    if parts.is_empty() {
        "0".to_string()
    } else {
        parts.join(", ")
    }
}

/// `9 days`, `71%`, `3.4 (1-7)`.
fn with_unit(value: f64, metric: &Metric) -> String {
    metric.value_text(value)
}

/// A lint message with its `backticked` names as code spans.
fn code_spans(message: &str) -> Inlines {
    let parts: Vec<&str> = message.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return cell(message);
    }
    parts
        .iter()
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(index, part)| {
            if index % 2 == 1 {
                code(*part)
            } else {
                text(*part)
            }
        })
        .collect()
}

fn current_text(metric: &Metric) -> String {
    metric.current.as_ref().map_or("–".to_string(), |current| {
        with_unit(current.value, metric)
    })
}

fn target_text(metric: &Metric) -> String {
    metric.target.as_ref().map_or("–".to_string(), |target| {
        format!(
            "{} {}",
            target.value.comparison.as_str(),
            with_unit(target.value.value, metric)
        )
    })
}
