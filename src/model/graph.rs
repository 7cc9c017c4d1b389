//! The handoff graph: one node per touchpoint, one edge per handoff.

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};

/// Node `i` is touchpoint `i`; the weight of an edge is the handoff's index.
#[derive(Debug, Default, Clone)]
pub struct HandoffGraph {
    graph: DiGraph<usize, usize>,
}

impl HandoffGraph {
    /// Builds the graph from `(from, to)` touchpoint pairs, one per handoff, in handoff order.
    pub fn new(touchpoints: usize, handoffs: impl Iterator<Item = (usize, usize)>) -> Self {
        let mut graph = DiGraph::with_capacity(touchpoints, touchpoints);
        for index in 0..touchpoints {
            graph.add_node(index);
        }
        for (handoff, (from, to)) in handoffs.enumerate() {
            graph.add_edge(NodeIndex::new(from), NodeIndex::new(to), handoff);
        }
        HandoffGraph { graph }
    }

    pub fn handoff_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Handoffs arriving at a touchpoint (indices into `Journey::handoffs`).
    pub fn incoming(&self, touchpoint: usize) -> impl Iterator<Item = usize> + '_ {
        self.edges(touchpoint, Direction::Incoming)
    }

    /// Handoffs leaving a touchpoint.
    pub fn outgoing(&self, touchpoint: usize) -> impl Iterator<Item = usize> + '_ {
        self.edges(touchpoint, Direction::Outgoing)
    }

    /// True when a handoff leaves or arrives at the touchpoint.
    pub fn is_connected(&self, touchpoint: usize) -> bool {
        let node = NodeIndex::new(touchpoint);
        self.graph.neighbors_undirected(node).next().is_some()
    }

    pub fn inner(&self) -> &DiGraph<usize, usize> {
        &self.graph
    }

    fn edges(&self, touchpoint: usize, direction: Direction) -> impl Iterator<Item = usize> + '_ {
        self.graph
            .edges_directed(NodeIndex::new(touchpoint), direction)
            .map(|edge| *edge.weight())
    }
}
