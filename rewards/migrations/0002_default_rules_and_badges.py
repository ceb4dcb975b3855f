"""The rule profiles the design names, and the badge catalogue."""

from django.db import migrations

PROFILES = [
    {
        "name": "Default",
        "description": "Stack Exchange's current values: every upvote on a question, tip or answer is worth 10.",
        "is_active": True,
    },
    {
        "name": "Stack Exchange 2016",
        "description": "The values Stack Exchange used until 2019: question upvotes are worth 5. "
        "Use it to replay a community imported from a dump of that time.",
        "is_active": False,
        "question_upvote": 5,
        "tip_upvote": 5,
    },
]


def forwards(apps, schema_editor):
    RuleProfile = apps.get_model("rewards", "RuleProfile")
    Badge = apps.get_model("rewards", "Badge")
    for profile in PROFILES:
        RuleProfile.objects.update_or_create(name=profile["name"], defaults=profile)
    from rewards.badges import DEFINITIONS

    for d in DEFINITIONS:
        Badge.objects.update_or_create(
            slug=d.slug, defaults={"name": d.name, "description": d.description, "tier": d.tier, "tag_based": d.tag_based}
        )


class Migration(migrations.Migration):
    dependencies = [("rewards", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
