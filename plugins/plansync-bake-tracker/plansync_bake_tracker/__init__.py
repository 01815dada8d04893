"""plansync importer for bake-tracker exports (``plansync import FILE --from bake-tracker``)."""
