"""The shape of the cost demo files gates.yaml and investments.yaml (read with core.demo.read).

A field left out takes the default given here, which is what the pages show as not assessed,
not met or not given. What a schema cannot say (a slug that must name a national solution or
an initiative of the portfolio demo, a slug or requirement given twice, the rules of the gate)
is checked by the loader. dis-fase-3.yaml, the investment case itself, is read and checked by
economics.py.
"""
from typing import Annotated, Literal

from pydantic import Field, StrictBool, model_validator

from radsmodell.core.demo import DemoSchema, IsoDate, RequiredText, Slug, Text, Whole

from .. import gate as rules


class LegalAssessment(DemoSchema):
    status: Literal[rules.LEGAL_VALUES]
    decided_by: Text = ""  # needed (by the gate's rules) for nasjonal and ikke_nasjonal
    decided_on: IsoDate = None


class Requirement(DemoSchema):
    """A requirement on the service's own list. With `number`, the template's requirement of that
    number (case 18/24), in the template's words unless `title`/`detail` reword it; without, a
    requirement added for the service (`title` needed). `dropped` takes it off the list, with why."""
    number: Annotated[Whole, Field(ge=min(rules.REQUIREMENT_NUMBERS), le=max(rules.REQUIREMENT_NUMBERS))] | None = None
    title: Text = ""
    detail: Text = ""
    dropped: Text = ""  # the reason it is taken off the service's list
    met: StrictBool = False
    evidence: Text = ""  # needed when met, naming its seed
    assumption: Text = ""  # why `met` is inferred rather than read from a seed (Norwegian, public)

    @model_validator(mode="after")
    def _an_added_requirement_has_a_title(self):
        if self.number is None and not self.title:
            raise ValueError("a requirement added for the service (no number) needs a title")
        return self


class Approval(DemoSchema):
    approved_by: Text = ""
    approved_on: IsoDate = None
    target_groups: Text = ""
    epj_systems: Text = ""


class Gate(DemoSchema):
    slug: Slug
    service: RequiredText
    source: RequiredText
    solution: Slug | None = None  # a national solution of the portfolio demo
    initiative: Slug | None = None  # an initiative of the portfolio demo
    legal: LegalAssessment | None = None
    requirements: list[Requirement] = []
    approval: Approval | None = None
    production_date: IsoDate = None
    planned_entry: IsoDate = None
    note: Text = ""
    assumption: Text = ""  # why the gate's recorded facts are inferred (Norwegian, public)


class GatesFile(DemoSchema):
    gates: list[Gate]


class Investment(DemoSchema):
    slug: Slug
    file: RequiredText  # the case's YAML file in the demo folder
    source: RequiredText
    initiative: Slug | None = None
    solution: Slug | None = None  # the national solution whose running costs the investment raises


class InvestmentsFile(DemoSchema):
    investments: list[Investment]
