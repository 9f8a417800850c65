"""``python3 -m planner.checks.rules > docs/rules.md``"""

from planner.checks.rules.docs import rules_markdown

print(rules_markdown(), end="")
