"""``python3 -m planner.rules > docs/rules.md``"""

from planner.rules.docs import rules_markdown

print(rules_markdown(), end="")
