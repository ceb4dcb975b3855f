"""Webhooks (community/webhooks): endpoints, deliveries, and the moderators' notification of a turned-off endpoint."""

import community.webhooks.models
import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('community', '0031_access_tokens'),
    ]

    operations = [
        migrations.AlterField(
            model_name='notification',
            name='kind',
            field=models.CharField(choices=[('answer', 'Answers to my questions'), ('comment', 'Comments on my posts'), ('mention', 'Mentions of my @name'), ('accepted', 'My answer accepted'), ('idea_status', 'Status changes of ideas I voted for or follow'), ('expert_request', 'Unanswered questions where my expertise is asked for'), ('followed_thread', 'New answers and comments on threads I follow'), ('followed_tag', 'New threads in tags I follow'), ('moderation', "Moderators' decisions on my posts or account"), ('webhook', 'Webhook endpoints turned off after failed deliveries (moderators)')], max_length=20),
        ),
        migrations.CreateModel(
            name='WebhookEndpoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('url', models.URLField(max_length=500, verbose_name='URL')),
                ('description', models.CharField(blank=True, max_length=200, verbose_name='description')),
                ('events', models.JSONField(default=list, help_text='The Event values this endpoint receives.', verbose_name='events')),
                ('unanswered_hours', models.PositiveIntegerField(default=24, verbose_name='hours without an answer')),
                ('secret', models.CharField(default=community.webhooks.models.new_secret, max_length=128, verbose_name='secret')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('consecutive_failures', models.PositiveIntegerField(default=0)),
                ('disabled_reason', models.CharField(blank=True, choices=[('failures', 'Turned off after repeated failed deliveries'), ('moderator', 'Turned off by a moderator')], max_length=16)),
                ('disabled_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'webhook endpoint',
                'verbose_name_plural': 'webhook endpoints',
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='WebhookDelivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('event', models.CharField(choices=[('thread.created', 'Thread created'), ('answer.posted', 'Answer posted'), ('answer.accepted', 'Answer accepted'), ('question.unanswered', 'Question unanswered after N hours'), ('idea.status_changed', 'Idea status changed'), ('flag.raised', 'Flag raised'), ('dissatisfaction.detected', 'Dissatisfaction detected'), ('member.joined', 'Member joined')], max_length=40)),
                ('event_id', models.UUIDField(help_text="The payload's id: the same for every endpoint and every redelivery.")),
                ('dedupe_key', models.CharField(blank=True, max_length=80)),
                ('body', models.TextField()),
                ('status', models.CharField(choices=[('pending', 'Pending'), ('sending', 'Sending'), ('retrying', 'Retrying'), ('succeeded', 'Delivered'), ('failed', 'Failed'), ('skipped', 'Not sent')], default='pending', max_length=12)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('next_attempt_at', models.DateTimeField(blank=True, null=True)),
                ('last_attempt_at', models.DateTimeField(blank=True, null=True)),
                ('response_code', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('duration_ms', models.PositiveIntegerField(blank=True, null=True)),
                ('error', models.CharField(blank=True, max_length=300)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('redelivery_of', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='redeliveries', to='community.webhookdelivery')),
                ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('thread', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='community.thread')),
                ('endpoint', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='community.webhookendpoint')),
            ],
            options={
                'verbose_name': 'webhook delivery',
                'verbose_name_plural': 'webhook deliveries',
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['status', 'next_attempt_at'], name='webhook_delivery_due_idx'), models.Index(fields=['endpoint', '-created_at'], name='webhook_delivery_log_idx')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('dedupe_key', ''), _negated=True), fields=('endpoint', 'dedupe_key'), name='webhook_delivery_once')],
            },
        ),
    ]
