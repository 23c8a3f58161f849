"""The workspace's state badges speak the public vocabulary: a colour never means two things."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders

from strategia.public.vocabulary import Tone

RULE = re.compile(r"([^{}]+)\{([^}]*)\}")
COLOUR = re.compile(r"(?<![-\w])(color|background(?:-color)?|border(?:-color)?)\s*:\s*([^;]+)")
HEX = re.compile(r"#[0-9a-fA-F]{3,8}\b")


def _colours(css: str, selector_part: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for selectors, body in RULE.findall(re.sub(r"/\*.*?\*/", "", css, flags=re.S)):
        for selector in selectors.split(","):
            if selector_part in selector:
                for _, value in COLOUR.findall(body):
                    found.setdefault(selector.strip(), set()).update(
                        c.lower() for c in HEX.findall(value)
                    )
    return found


def test_workspace_badges_use_only_the_workflow_tone():
    site = Path(finders.find("public/css/site.css")).read_text(encoding="utf-8")
    workflow = _colours(site, f".tone-{Tone.WORKFLOW}")[f".tone-{Tone.WORKFLOW}"]
    judgement_colours = set()
    for tone in (Tone.POSITIVE, Tone.CAUTION, Tone.PROBLEM, Tone.DONE):
        for colours in _colours(site, f".tone-{tone}").values():
            judgement_colours |= colours
    workspace = Path(finders.find("monitoring/workspace.css")).read_text(encoding="utf-8")
    badges = _colours(workspace, "badge")
    assert badges, "no badge rule found in workspace.css"
    for selector, colours in badges.items():
        assert colours & judgement_colours == set(), selector
        assert colours <= workflow | {"#1a2a33"}, (selector, colours)


def test_workspace_state_badges_come_from_the_vocabulary():
    """The workspace's workflow stages are rendered by the public vocabulary's stage badge."""
    include = Path(finders.find("monitoring/workspace.css")).parents[2] / "templates"
    state = (include / "monitoring" / "includes" / "state.html").read_text(encoding="utf-8")
    assert "{% stage_badge item_state %}" in state
