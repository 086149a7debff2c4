"""The cost-distribution engine: price models as data, allocation to the øre, comparisons.

Plain Python and numpy, no Django. The Django layer, the API and the console call these.
"""
from .adjust import categories_of, variant
from .allocate import (
                       MAX_COST_ORE,
                       Allocation,
                       AllocationError,
                       CategoryPrice,
                       CategoryTotal,
                       EmptySegmentError,
                       Line,
                       SegmentTotal,
                       allocate,
                       category_prices,
                       cost_base_for_reference,
                       largest_remainder,
                       months,
                       split_months,
)
from .compare import CategoryDifference, Comparison, LineDifference, ThresholdCase, compare, threshold_report
from .loader import ModelFileError, load_price_model_file, price_model_from_dict
from .model import (
                       CATEGORIES,
                       EQUAL,
                       FTES,
                       KEY_KINDS,
                       KINDS,
                       LOCATIONS,
                       POPULATION,
                       PRIVATE_KINDS,
                       SEGMENT_LABELS,
                       SEGMENT_OF_KIND,
                       SEGMENTS,
                       SHARE_TABLE,
                       Category,
                       ChainRule,
                       Key,
                       ModelError,
                       OtherIndustryRule,
                       Param,
                       ParameterRow,
                       Period,
                       PriceModel,
                       ReferencePrice,
                       SegmentRule,
                       Step,
)
from .money import AmountError, format_nok, nok_to_ore, ore_to_nok, round_half_up, to_fraction
from .table import Organisation, OrganisationDataError, OrganisationTable, as_table

__all__ = [
    "MAX_COST_ORE", "Allocation", "AllocationError", "CategoryPrice", "CategoryTotal", "EmptySegmentError", "Line",
    "SegmentTotal",
    "allocate", "category_prices", "cost_base_for_reference", "largest_remainder", "months", "split_months",
    "categories_of", "variant",
    "CategoryDifference", "Comparison", "LineDifference", "ThresholdCase", "compare", "threshold_report",
    "ModelFileError", "load_price_model_file", "price_model_from_dict",
    "CATEGORIES", "EQUAL", "FTES", "KEY_KINDS", "KINDS", "LOCATIONS", "POPULATION", "PRIVATE_KINDS",
    "SEGMENT_LABELS", "SEGMENT_OF_KIND", "SEGMENTS", "SHARE_TABLE", "Category", "ChainRule", "Key", "ModelError",
    "OtherIndustryRule", "Param", "ParameterRow", "Period", "PriceModel", "ReferencePrice", "SegmentRule", "Step",
    "AmountError", "format_nok", "nok_to_ore", "ore_to_nok", "round_half_up", "to_fraction",
    "Organisation", "OrganisationDataError", "OrganisationTable", "as_table",
]
