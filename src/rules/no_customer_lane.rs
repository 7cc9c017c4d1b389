//! `no-customer-lane`: no lane of kind `customer`: the map shows only the inside view.

use super::{Context, Element, Rule, RuleMeta};
use crate::diagnostic::Level;
use crate::model::LaneKind;

pub struct NoCustomerLane;

static META: RuleMeta = RuleMeta {
    name: "no-customer-lane",
    default_level: Level::Warning,
    summary: "no lane of kind `customer`: the map shows only the inside view",
    explanation: include_str!("docs/no-customer-lane.md"),
    options: &[],
    silenceable: true,
};

impl Rule for NoCustomerLane {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let journey = cx.journey;
        if !journey
            .lanes
            .iter()
            .any(|lane| lane.kind == LaneKind::Customer)
        {
            cx.report(
                Element::Journey,
                journey.lanes_span,
                "no lane has `kind: customer`: the map shows only the inside view",
                "add a lane of kind `customer` for what the client does, sees and feels",
            );
        }
    }
}
