#!/usr/bin/env python3
"""Writes synthetic journeys for the jmap benchmark (standard library only).

    gen_journey.py journey N OUT [--variant] [--seed S]   one journey of N touchpoints
    gen_journey.py folder COUNT N DIR [--seed S]          COUNT journeys of N touchpoints

The shape follows issue 8: about 50 touchpoints per stage, a dozen lanes, every
touchpoint handing off to the next and every fifth also to a random later one (fixed
seed), some unowned cross-lane handoffs and unmeasured stages, pains and opportunities.
The output loads in jmap; lint findings are expected. `--variant` writes the "next
version" of the same journey for `jmap diff`: a few touchpoints renamed, re-felt,
removed and added, some owners dropped, with every persisting id kept.

Same arguments, same bytes: the only randomness is `random.Random(seed)`.
"""

import os
import random
import sys

TOUCHPOINTS_PER_STAGE = 50
LANE_KINDS = ["customer", "frontstage", "frontstage", "backstage", "backstage", "support"]
CHANNELS = ["email", "video call", "phone", "web portal", "on-site", "chat", "PDF by email"]
SLAS = ["30m", "4h", "1d", "2d", "1w"]


def lanes():
    return [
        {
            "id": f"lane-{number:02d}",
            "name": f"Lane {number} ({LANE_KINDS[number % len(LANE_KINDS)]})",
            "kind": LANE_KINDS[number % len(LANE_KINDS)],
            "owner": f"Lane {number} lead",
        }
        for number in range(12)
    ]


def metrics(stage_count):
    kinds = ["csat", "nps", "ces", "duration", "rate", "count"]
    out = []
    for number in range(max(6, stage_count // 2)):
        metric = {
            "id": f"metric-{number:03d}",
            "name": f"Metric {number} of the journey",
            "kind": kinds[number % len(kinds)],
            "unit": "%",
            "current": 40 + number % 50,
        }
        if number % 5 != 4:  # every fifth metric has no target
            metric["target"] = f">= {60 + number % 30}"
        out.append(metric)
    return out


def build(touchpoint_count, seed):
    """The journey as plain data: stages of touchpoints with handoffs."""
    rng = random.Random(seed)
    stage_count = max(1, (touchpoint_count + TOUCHPOINTS_PER_STAGE - 1) // TOUCHPOINTS_PER_STAGE)
    metric_list = metrics(stage_count)
    ids = [f"tp-{index:06d}" for index in range(touchpoint_count)]
    stages = []
    for stage_number in range(stage_count):
        first = stage_number * TOUCHPOINTS_PER_STAGE
        last = min(first + TOUCHPOINTS_PER_STAGE, touchpoint_count)
        stage = {
            "id": f"stage-{stage_number:04d}",
            "name": f"Stage {stage_number}: step {stage_number} of the delivery",
            "goal": f"Move the client through step {stage_number} without friction",
            # Every seventh stage is unmeasured (unless a touchpoint names a metric).
            "metrics": [] if stage_number % 7 == 3 else
            [metric_list[stage_number % len(metric_list)]["id"]],
            "touchpoints": [],
        }
        for index in range(first, last):
            lane = rng.randrange(12)
            touchpoint = {
                "id": ids[index],
                "name": f"Touchpoint {index}",
                "lane": f"lane-{lane:02d}",
                "channel": CHANNELS[index % len(CHANNELS)],
                "emotion": rng.randrange(-2, 3),
                "milestone": index % 25 == 0,
                "metrics": [],
                "pains": [],
                "opportunities": [],
                "handoffs": [],
            }
            if stage_number % 7 != 3 and index % 10 == 0:
                touchpoint["metrics"].append(metric_list[index % len(metric_list)]["id"])
            if index % 3 == 0:
                touchpoint["pains"].append(f"Waits for an answer at step {index}")
                if index % 9 == 0:
                    touchpoint["pains"].append(
                        {"text": f"Repeats the context of step {index}", "severity": "high"})
                if index % 6 != 0:  # half of them: pain-without-opportunity
                    touchpoint["opportunities"].append(f"Share the notes of step {index} ahead")
            if index + 1 < touchpoint_count:
                touchpoint["handoffs"].append(handoff(rng, ids[index + 1], index))
            if index % 5 == 0 and index + 2 < touchpoint_count:
                later = rng.randrange(index + 2, touchpoint_count)
                touchpoint["handoffs"].append(handoff(rng, ids[later], index + 1))
            stage["touchpoints"].append(touchpoint)
        stages.append(stage)
    return {"lanes": lanes(), "metrics": metric_list, "stages": stages}


def handoff(rng, target, salt):
    out = {"to": target}
    if salt % 13 != 7:  # one in thirteen has no owner: unowned when cross-lane
        out["owner"] = f"Coordinator {salt % 17}"
    out["artifact"] = f"Notes {salt}"
    out["sla"] = SLAS[rng.randrange(len(SLAS))]
    return out


def make_variant(journey, seed):
    """The next version: a few edits a real pull request would make."""
    rng = random.Random(seed + 1)
    touchpoints = [tp for stage in journey["stages"] for tp in stage["touchpoints"]]
    count = len(touchpoints)
    for tp in touchpoints[:: max(1, count // 20)]:
        tp["name"] += " (revised)"
        tp["emotion"] = min(2, tp["emotion"] + 1)
    for tp in touchpoints[3 :: max(1, count // 10)]:
        for out in tp["handoffs"]:
            out.pop("owner", None)
    # Remove a few touchpoints, pointing their incoming handoffs at the next survivor.
    removed = set()
    for _ in range(min(5, max(0, count - 2))):
        removed.add(touchpoints[rng.randrange(1, count - 1)]["id"])
    survivors = [tp["id"] for tp in touchpoints if tp["id"] not in removed]
    surviving = set(survivors)
    next_survivor = {}
    pending = []
    for tp in touchpoints:
        if tp["id"] in removed:
            pending.append(tp["id"])
        else:
            for gone in pending:
                next_survivor[gone] = tp["id"]
            pending = []
    for stage in journey["stages"]:
        stage["touchpoints"] = [tp for tp in stage["touchpoints"] if tp["id"] not in removed]
        for tp in stage["touchpoints"]:
            kept = []
            for out in tp["handoffs"]:
                out["to"] = next_survivor.get(out["to"], out["to"])
                if out["to"] != tp["id"] and out["to"] in surviving:
                    kept.append(out)
            tp["handoffs"] = kept
    # Add one touchpoint at the end of the first stage.
    first = journey["stages"][0]
    first["touchpoints"].append({
        "id": "tp-added",
        "name": "Touchpoint added in the new version",
        "lane": "lane-00",
        "channel": "chat",
        "emotion": 2,
        "milestone": False,
        "metrics": [],
        "pains": [],
        "opportunities": ["Answer in the chat"],
        "handoffs": [{"to": survivors[-1], "owner": "Coordinator 1", "sla": "1d"}],
    })
    return journey


def quote(text):
    """A YAML double-quoted scalar when the plain form would be read differently."""
    if text == "" or any(ch in text for ch in ":#{}[],&*!|>'\"%@`") or text[0] in "-? ":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def flow_map(mapping):
    return "{" + ", ".join(f"{key}: {quote(str(value))}" for key, value in mapping.items()) + "}"


def flow_list(items):
    return "[" + ", ".join(quote(item) for item in items) + "]"


def write(journey, touchpoint_count, state, out):
    w = out.write
    w("# Synthetic journey written by benches/gen_journey.py for the benchmark.\n")
    w("jmap: 1\n")
    w("journey:\n")
    w(f"  id: synthetic-{touchpoint_count}\n")
    w(f"  title: Synthetic journey of {touchpoint_count} touchpoints\n")
    w(f"  state: {state}\n")
    w("  owner: Head of Delivery\n")
    w("  reviewed: 2026-10-01\n")
    w("  persona: Operations director at a mid-size logistics firm\n")
    w("  description: |\n    A generated journey for timing jmap.\n    Not a real client.\n")
    w("lanes:\n")
    for lane in journey["lanes"]:
        w(f"  - {flow_map(lane)}\n")
    w("metrics:\n")
    for metric in journey["metrics"]:
        w(f"  - {flow_map(metric)}\n")
    w("stages:\n")
    for stage in journey["stages"]:
        w(f"  - id: {stage['id']}\n")
        w(f"    name: {quote(stage['name'])}\n")
        w(f"    goal: {quote(stage['goal'])}\n")
        if stage["metrics"]:
            w(f"    metrics: {flow_list(stage['metrics'])}\n")
        w("    touchpoints:\n")
        for tp in stage["touchpoints"]:
            w(f"      - id: {tp['id']}\n")
            w(f"        name: {quote(tp['name'])}\n")
            w(f"        lane: {tp['lane']}\n")
            w(f"        channel: {quote(tp['channel'])}\n")
            w(f"        emotion: {tp['emotion']}\n")
            if tp["milestone"]:
                w("        milestone: true\n")
            if tp["metrics"]:
                w(f"        metrics: {flow_list(tp['metrics'])}\n")
            if tp["pains"]:
                w("        pains:\n")
                for pain in tp["pains"]:
                    if isinstance(pain, dict):
                        w(f"          - text: {quote(pain['text'])}\n")
                        w(f"            severity: {pain['severity']}\n")
                    else:
                        w(f"          - {quote(pain)}\n")
            if tp["opportunities"]:
                w(f"        opportunities: {flow_list(tp['opportunities'])}\n")
            if tp["handoffs"]:
                w("        handoffs:\n")
                for out_handoff in tp["handoffs"]:
                    w(f"          - {flow_map(out_handoff)}\n")


def write_journey(touchpoint_count, path, variant=False, seed=8):
    journey = build(touchpoint_count, seed)
    state = "as-is"
    if variant:
        journey = make_variant(journey, seed)
        state = "to-be"
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        write(journey, touchpoint_count, state, out)


def main(argv):
    args = [arg for arg in argv if not arg.startswith("--")]
    seed = 8
    if "--seed" in argv:
        seed = int(argv[argv.index("--seed") + 1])
        args.remove(str(seed))
    if len(args) == 3 and args[0] == "journey":
        write_journey(int(args[1]), args[2], variant="--variant" in argv, seed=seed)
    elif len(args) == 4 and args[0] == "folder":
        count, touchpoints, folder = int(args[1]), int(args[2]), args[3]
        os.makedirs(folder, exist_ok=True)
        for number in range(count):
            path = os.path.join(folder, f"journey-{number:04d}.journey.yaml")
            write_journey(touchpoints, path, seed=seed + number)
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
