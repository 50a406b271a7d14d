"""The shared math of every zoo family: pure functions and plain classes, no estimators.

One formula lives in one place. Families import from here; nothing here imports a family.
"""
