from django.contrib import admin

from lab.courses.models import Progress


@admin.register(Progress)
class ProgressAdmin(admin.ModelAdmin):
    list_display = ("exercise", "lesson", "user", "visitor", "passed", "attempts", "started", "passed_at")
    list_filter = ("passed", "lesson")
    search_fields = ("exercise", "user__username", "visitor")
