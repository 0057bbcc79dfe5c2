# Placeholder until the generator lands (owned by the catalogue work).
set(CASDOCTOR_CATALOG_SOURCE "")
