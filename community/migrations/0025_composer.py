from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    """The composer's drafts and uploaded images (community/composer/models.py)."""

    dependencies = [
        ("community", "0024_verbose_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Draft',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('purpose', models.CharField(choices=[('question', 'a new question'), ('tip', 'a new tip'), ('idea', 'a new idea'), ('answer', 'an answer'), ('edit-thread', 'an edit of a thread'), ('edit-answer', 'an edit of an answer')], max_length=20)),
                ('object_id', models.PositiveBigIntegerField(default=0)),
                ('title', models.CharField(blank=True, max_length=300)),
                ('body', models.TextField(blank=True)),
                ('tags', models.CharField(blank=True, max_length=1000)),
                ('language', models.CharField(blank=True, max_length=10)),
                ('updated_at', models.DateTimeField()),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='drafts', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'draft',
                'verbose_name_plural': 'drafts',
                'indexes': [models.Index(fields=['member', 'updated_at'], name='draft_member_recent_idx')],
                'constraints': [models.UniqueConstraint(fields=('member', 'purpose', 'object_id'), name='draft_one_per_target')],
            },
        ),
        migrations.CreateModel(
            name='Upload',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, unique=True)),
                ('content_type', models.CharField(max_length=40)),
                ('size', models.PositiveIntegerField()),
                ('width', models.PositiveIntegerField()),
                ('height', models.PositiveIntegerField()),
                ('created_at', models.DateTimeField()),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='uploads', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'uploaded image',
                'verbose_name_plural': 'uploaded images',
                'indexes': [models.Index(fields=['member', 'created_at'], name='upload_member_recent_idx')],
            },
        ),
    ]
