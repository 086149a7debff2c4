from django.urls import path

from .views import allocations, gates, investments, invoicing

app_name = "costs"

urlpatterns = [
    path("kostnader/", allocations.overview, name="overview"),
    path("kostnader/losninger/", allocations.solutions, name="solutions"),
    path("kostnader/virksomheter/", allocations.organisations, name="organisations"),
    path("kostnader/virksomheter/import/", allocations.import_organisations, name="import"),
    path("kostnader/prismodeller/", allocations.price_models, name="price_models"),
    path("kostnader/prismodeller/<slug:slug>/", allocations.price_model, name="price_model"),
    path("kostnader/fordelinger/ny/", allocations.allocation_create, name="allocation_create"),
    path("kostnader/fordelinger/sammenlign/", allocations.allocation_compare, name="compare"),
    path("kostnader/fordelinger/<int:pk>/", allocations.allocation_detail, name="allocation"),
    # linjer-excel.csv, linjer.xlsx, linjer.csv, linjer.json (core.exports.SUFFIXES)
    path("kostnader/fordelinger/<int:pk>/linjer<str:suffix>", allocations.allocation_lines, name="allocation_lines"),
    path("kostnader/fordelinger/<int:pk>/terskler/", allocations.thresholds, name="thresholds"),
    path("kostnader/fordelinger/<int:pk>/ehf.zip", invoicing.ehf_all, name="invoice_ehf"),
    path("kostnader/fordelinger/<int:pk>/ehf/<str:orgnr>.xml", invoicing.ehf_organisation,
         name="invoice_ehf_organisation"),
    path("kostnader/betalingsplikt/", gates.gate_list, name="gates"),
    path("kostnader/betalingsplikt/<slug:slug>/", gates.gate_detail, name="gate"),
    path("kostnader/investeringer/", investments.investment_list, name="investments"),
    path("kostnader/investeringer/<slug:slug>/", investments.investment_detail, name="investment"),
]
