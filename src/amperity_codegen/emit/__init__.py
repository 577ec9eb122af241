"""The emit layer: the IR into the generated package's files.

Only what is cheap to import lives here; each stage is its own module, imported where it runs.
"""

# The license of a package whose source names none (sources.toml's `license`): a generated
# client is for the team's own index, so no open-source license is implied.
DEFAULT_LICENSE = "LicenseRef-Proprietary"
