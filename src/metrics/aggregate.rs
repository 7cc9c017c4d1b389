//! The aggregates of `sources`: each turns the scores of a metric's rows into one value.
//!
//! Scores arrive checked (an NPS score is a whole number 0–10, a top-box score a whole
//! number on its scale); each comes with a weight, 1 unless the source names a `weight`
//! column (a summary export's response count), so a row stands for that many responses.

use super::sources::Aggregate;

/// One response (or a summary row standing for `weight` responses).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    pub value: f64,
    pub weight: f64,
}

/// The value of an aggregate over `scores`, rounded as it is written: one decimal for
/// percentages (nps, top-box), two for means and sums, none for counts. `None` when there
/// is nothing to aggregate (no scores; a count of nothing is 0).
pub fn compute(aggregate: Aggregate, scale: u32, scores: &[Score]) -> Option<f64> {
    let total: f64 = scores.iter().map(|score| score.weight).sum();
    if aggregate == Aggregate::Count {
        return Some(total.round());
    }
    if aggregate == Aggregate::Sum {
        return Some(round(
            scores.iter().map(|s| s.value * s.weight).sum::<f64>(),
            2,
        ));
    }
    if total <= 0.0 {
        return None;
    }
    let share = |keep: &dyn Fn(f64) -> bool| {
        scores
            .iter()
            .filter(|score| keep(score.value))
            .map(|score| score.weight)
            .sum::<f64>()
            / total
            * 100.0
    };
    let value = match aggregate {
        Aggregate::Nps => round(share(&|v| v >= 9.0) - share(&|v| v <= 6.0), 1),
        Aggregate::TopBox => {
            let top = f64::from(scale);
            let lowest_top = if scale >= 5 { top - 1.0 } else { top };
            round(share(&|v| v >= lowest_top), 1)
        }
        Aggregate::Mean => round(
            scores.iter().map(|s| s.value * s.weight).sum::<f64>() / total,
            2,
        ),
        Aggregate::Count | Aggregate::Sum => return None,
    };
    Some(value)
}

/// The scores an aggregate accepts, for "score outside the scale" errors: `None` when any
/// number will do.
pub fn valid_range(aggregate: Aggregate, scale: u32) -> Option<(u32, u32)> {
    match aggregate {
        Aggregate::Nps => Some((0, 10)),
        Aggregate::TopBox => Some((1, scale)),
        Aggregate::Mean | Aggregate::Count | Aggregate::Sum => None,
    }
}

/// Rounds half away from zero to `decimals` places; `-0` becomes `0`.
fn round(value: f64, decimals: i32) -> f64 {
    let factor = 10f64.powi(decimals);
    let rounded = (value * factor).round() / factor;
    if rounded == 0.0 { 0.0 } else { rounded }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores(values: &[f64]) -> Vec<Score> {
        values
            .iter()
            .map(|&value| Score { value, weight: 1.0 })
            .collect()
    }

    #[test]
    fn nps_is_promoters_minus_detractors() {
        // 3 promoters (9, 10, 9), 2 passives (7, 8), 3 detractors (0, 6, 5) of 8:
        // 37.5 % − 37.5 % = 0; one more promoter: 4/9 − 3/9 = 11.1 %.
        let mut list = scores(&[9.0, 10.0, 9.0, 7.0, 8.0, 0.0, 6.0, 5.0]);
        assert_eq!(compute(Aggregate::Nps, 5, &list), Some(0.0));
        list.push(Score {
            value: 10.0,
            weight: 1.0,
        });
        assert_eq!(compute(Aggregate::Nps, 5, &list), Some(11.1));
    }

    #[test]
    fn top_box_counts_two_points_from_five_one_below() {
        // 5-point: 4 and 5 count; 3 of 5 → 60 %.
        assert_eq!(
            compute(Aggregate::TopBox, 5, &scores(&[5.0, 4.0, 4.0, 3.0, 1.0])),
            Some(60.0)
        );
        // 3-point: only 3 counts; 1 of 3 → 33.3 %.
        assert_eq!(
            compute(Aggregate::TopBox, 3, &scores(&[3.0, 2.0, 2.0])),
            Some(33.3)
        );
    }

    #[test]
    fn weights_mean_and_counts() {
        let weighted = [
            Score {
                value: 6.5,
                weight: 10.0,
            },
            Score {
                value: 8.0,
                weight: 30.0,
            },
        ];
        // (65 + 240) / 40 = 7.625 → 7.63
        assert_eq!(compute(Aggregate::Mean, 5, &weighted), Some(7.63));
        assert_eq!(compute(Aggregate::Count, 5, &weighted), Some(40.0));
        assert_eq!(compute(Aggregate::Sum, 5, &weighted), Some(305.0));
        assert_eq!(compute(Aggregate::Mean, 5, &[]), None);
        assert_eq!(compute(Aggregate::Count, 5, &[]), Some(0.0));
    }
}
