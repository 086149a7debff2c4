"""The price models that come with the platform, read from `pricemodels/*.yaml`.

Plain Python, no Django. A file that does not validate stops the import with an error
naming the file and the field, so a bad parameter never reaches an invoice.
"""
from pathlib import Path

from .engine import PriceModel, load_price_model_file

PRICE_MODEL_DIR = Path(__file__).resolve().parent / "pricemodels"
ORDER = ("sfm-2025", "provesvar-2025", "helsenettet-2024", "helsenettet-2025")


def load_builtin_models(directory: Path = PRICE_MODEL_DIR) -> dict[str, PriceModel]:
    models = {}
    for path in sorted(directory.glob("*.yaml")):
        model = load_price_model_file(path)
        if model.slug in models:
            raise ValueError(f"{path.name}: slug «{model.slug}» is also used by {models[model.slug].origin}")
        models[model.slug] = model
    return dict(sorted(models.items(), key=lambda item: (ORDER.index(item[0]) if item[0] in ORDER else len(ORDER),
                                                         item[0])))


BUILTIN_MODELS = load_builtin_models()
