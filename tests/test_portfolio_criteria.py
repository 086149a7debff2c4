import pytest

from radsmodell.portfolio.criteria import entry_verdict


@pytest.mark.parametrize("answers, meets, reason", [
    ((True, True, None), True, "oppfyller kriteriene (1 og 2a)"),
    ((True, False, True), True, "oppfyller kriteriene (1 og 2b)"),
    ((True, True, True), True, "oppfyller kriteriene (1 og 2a og 2b)"),
    ((False, True, True), False, "kriterium 1 ikke er oppfylt"),
    ((True, False, False), False, "verken 2a eller 2b"),
    ((None, True, None), None, "kriterium 1 er ikke besvart"),
    ((True, None, None), None, "2a og 2b er ikke besvart"),
    ((True, False, None), None, "ennå: 2b er ikke besvart"),
])
def test_entry_verdict_with_its_reason(answers, meets, reason):
    verdict, why = entry_verdict(*answers)
    assert verdict is meets and reason in why
