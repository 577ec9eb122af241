"""Test helpers shared by the runtime, generated-client, fault-injection and benchmark suites."""
