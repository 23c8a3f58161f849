import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="RoleAssignment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("role", models.CharField(choices=[("administrator", "administrator"), ("strategy_office", "strategy office"), ("unit_manager", "unit manager"), ("contact_person", "contact person"), ("reader", "reader")], max_length=30, verbose_name="role")),
                ("is_sample", models.BooleanField(default=False, editable=False, verbose_name="sample data")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="role_assignments", to="organisations.organisation", verbose_name="organisation")),
                ("unit", models.ForeignKey(blank=True, help_text="Required for a unit manager: the unit whose sub-units are included.", null=True, on_delete=django.db.models.deletion.CASCADE, related_name="role_assignments", to="organisations.unit", verbose_name="unit")),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="role_assignments", to=settings.AUTH_USER_MODEL, verbose_name="user")),
            ],
            options={
                "verbose_name": "role assignment",
                "verbose_name_plural": "role assignments",
                "ordering": ["organisation", "role", "pk"],
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("role", "unit_manager"), _negated=True) | models.Q(("unit__isnull", False)), name="role_unit_manager_has_unit"),
                    models.UniqueConstraint(condition=models.Q(("unit__isnull", False)), fields=("user", "organisation", "role", "unit"), name="role_assignment_unique_with_unit"),
                    models.UniqueConstraint(condition=models.Q(("unit__isnull", True)), fields=("user", "organisation", "role"), name="role_assignment_unique_without_unit"),
                ],
            },
        ),
    ]
