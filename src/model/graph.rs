//! The handoff graph: which handoffs leave and arrive at each touchpoint.
//!
//! Built once by the loader; the rules that walk handoffs (`disconnected-touchpoint`,
//! `handoff-heavy-stage`) read it instead of scanning every handoff.

/// Per touchpoint, the indices into `Journey::handoffs` leaving and arriving at it, in
/// handoff order.
#[derive(Debug, Default, Clone)]
pub struct HandoffGraph {
    outgoing: Vec<Vec<usize>>,
    incoming: Vec<Vec<usize>>,
}

impl HandoffGraph {
    /// Builds the graph from `(from, to)` touchpoint pairs, one per handoff, in handoff order.
    /// A pair naming a touchpoint past `touchpoints` is ignored.
    pub fn new(touchpoints: usize, handoffs: impl Iterator<Item = (usize, usize)>) -> Self {
        let mut graph = HandoffGraph {
            outgoing: vec![Vec::new(); touchpoints],
            incoming: vec![Vec::new(); touchpoints],
        };
        for (handoff, (from, to)) in handoffs.enumerate() {
            if let Some(list) = graph.outgoing.get_mut(from) {
                list.push(handoff);
            }
            if let Some(list) = graph.incoming.get_mut(to) {
                list.push(handoff);
            }
        }
        graph
    }

    /// Handoffs leaving a touchpoint.
    pub fn outgoing(&self, touchpoint: usize) -> &[usize] {
        self.outgoing.get(touchpoint).map_or(&[], Vec::as_slice)
    }

    /// Handoffs arriving at a touchpoint.
    pub fn incoming(&self, touchpoint: usize) -> &[usize] {
        self.incoming.get(touchpoint).map_or(&[], Vec::as_slice)
    }

    /// True when a handoff leaves or arrives at the touchpoint.
    pub fn is_connected(&self, touchpoint: usize) -> bool {
        !self.outgoing(touchpoint).is_empty() || !self.incoming(touchpoint).is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_in_and_out() {
        let graph = HandoffGraph::new(3, [(0, 1), (1, 0), (0, 1)].into_iter());
        assert_eq!(graph.outgoing(0), &[0, 2]);
        assert_eq!(graph.incoming(1), &[0, 2]);
        assert!(graph.is_connected(1));
        assert!(!graph.is_connected(2));
        assert!(!graph.is_connected(9));
    }
}
