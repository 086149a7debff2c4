"""Every group of a stored model says what it does with a missing answer (engine.py: skip,
propagate, require). Models written before the rule existed skipped every missing part of a
mean and needed every part of a sum: they are given that rule, so their results stay as they
were. The built-in models are written again from the code after `migrate`."""
from django.db import migrations


def _say_rule(node: dict) -> None:
    children = node.get("children") or []
    if children and "missing" not in node:
        node["missing"] = "require" if node.get("combine") == "sum" else "skip"
    for child in children:
        if isinstance(child, dict):
            _say_rule(child)


def forwards(apps, schema_editor):
    ScoringModel = apps.get_model("priority", "ScoringModel")
    for scoring_model in ScoringModel.objects.filter(builtin=False):
        definition = scoring_model.definition
        root = definition.get("root") if isinstance(definition, dict) else None
        if isinstance(root, dict):
            _say_rule(root)
            root["missing"] = "require"  # the score needed every group then as now
            scoring_model.save(update_fields=["definition"])


class Migration(migrations.Migration):
    dependencies = [("priority", "0005_provenance_and_printed_figures")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
