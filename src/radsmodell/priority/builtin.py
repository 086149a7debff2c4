"""The prioritisation models that come with the platform, as data."""
from .engine import MEAN, PROPAGATE, REQUIRE, SUM, Criterion, Model

LITE_KOMPLEKST = "10 lite komplekst – 0 ekstremt komplekst"


def _q(key: str, label: str, scale_text: str = "") -> Criterion:
    return Criterion(key=key, label=label, scale_text=scale_text)


# Nasjonalt e-helseråd 2022 (seed 002): Score = M + K + N, each group a mean. Every mean
# follows the workbook: blank and text cells are skipped (Excel's AVERAGE), but a sub-group
# whose answers are all blank is #DIV/0!, and that carries up (N = AVERAGE(P, H, I)).
EHELSERAAD_2022 = Model(
    slug="ehelseraad-2022",
    name="Nasjonalt e-helseråd 2022",
    tie_break=("N", "M"),
    root=Criterion(key="score", label="Score", combine=SUM, missing=REQUIRE, children=(
        Criterion(key="M", label="Måloppnåelse", combine=MEAN, missing=PROPAGATE, children=(
            _q("Q1", "I hvor stor grad realiseres informasjonsbehov/tjenester?"),
            _q("Q2", "Samsvarer tiltaket med sektorens prioriteringer?"),
        )),
        Criterion(key="K", label="Kostnader", combine=MEAN, missing=PROPAGATE, scale_text=LITE_KOMPLEKST, children=(
            _q("C1", "I hvor stor grad er tiltaket teknisk komplekst?", LITE_KOMPLEKST),
            _q("C2", "I hvor stor grad er tiltaket organisatorisk komplekst?", LITE_KOMPLEKST),
            _q("C3", "Juridisk utvikling", LITE_KOMPLEKST),
            _q("C4", "Semantisk utvikling", LITE_KOMPLEKST),
        )),
        Criterion(key="N", label="Nytte", combine=MEAN, missing=PROPAGATE, children=(
            Criterion(key="P", label="Pasient", combine=MEAN, missing=PROPAGATE, children=(
                _q("P1", "I hvor stor grad bidrar tiltaket til økt pasientsikkerhet?"),
                _q("P2", "I hvor stor grad bidrar tiltaket til en enklere hverdag for innbyggere/pasienter?"),
            )),
            Criterion(key="H", label="Helsepersonell", combine=MEAN, missing=PROPAGATE, children=(
                _q("H1", "I hvor stor grad bidrar tiltaket til enklere arbeidshverdag?"),
                _q("H2", "Tryggere på at beslutninger er riktige?"),
            )),
            _q("I", "Realisere sentral infrastruktur"),
        )),
    )),
)

BUILTIN_MODELS = {model.slug: model for model in (EHELSERAAD_2022,)}

# What a built-in model assumes rather than reads from its source, shown as "antatt" beside it.
ASSUMPTIONS = {
    EHELSERAAD_2022.slug: (
        "Kildene sier ikke hvordan lik score avgjøres. Rådet førte opp «Digitale behandlings- og "
        "egenbehandlingsplaner» foran «Dokumentdeling i legevakt/ØHD», som har samme score (18,2); DBEP har "
        "høyere Nytte og høyere Måloppnåelse. Regelen «Nytte, så Måloppnåelse» er antatt ut fra den "
        "rekkefølgen (som ikke skiller den fra «Måloppnåelse, så Nytte»)."
    ),
}
