from django.urls import include, path

from .views import (
    board,
    checks,
    dashboards,
    entry_points,
    flags,
    health,
    home,
    infections,
    patients,
    reports,
    screens,
    session,
)

app_name = "checklists"

ward_urls = [
    path("", board.ward_board, name="ward-board"),
    path("handover/", board.ward_handover, name="ward-handover"),
    path("my-patients/", board.choose_my_patients, name="my-patients"),
    path("admit/", patients.admit_patient, name="patient-admit"),
    path("dashboard/", dashboards.ward_dashboard, name="ward-dashboard"),
    path("dashboard/<slug:table>.csv", dashboards.ward_dashboard_csv, name="ward-dashboard-csv"),
    path("sign-off/", dashboards.sign_off_month, name="month-sign-off"),
]

dashboard_urls = [
    path("", dashboards.overview, name="dashboard-overview"),
    path("overview.csv", dashboards.overview_csv, name="dashboard-overview-csv"),
    path("checks/", dashboards.check_list, name="check-list"),
    path("checks.csv", dashboards.check_list_csv, name="check-list-csv"),
    path("signs-of-infection/", dashboards.sepsis_list, name="sepsis-list"),
    path("signs-of-infection.csv", dashboards.sepsis_list_csv, name="sepsis-list-csv"),
]

report_urls = [
    path("", reports.report_page, name="reports"),
    path("ward.pdf", reports.download_ward_report, name="report-download"),
    path("patient.pdf", reports.download_patient_report, name="patient-report-download"),
    path("register/", reports.report_register, name="report-register"),
    path("verify/", reports.verify_report, name="report-verify"),
]

patient_urls = [
    path("", patients.patient_detail, name="patient-detail"),
    path("transfer/", patients.transfer_patient, name="patient-transfer"),
    path("discharge/", patients.discharge_patient, name="patient-discharge"),
    path("entry-points/add/", entry_points.add_entry_point, name="entry-point-add"),
    path("screen/", screens.record_screen, name="screen-record"),
    path("infections/new/", infections.record_infection, name="infection-record"),
]

infection_urls = [
    path("", infections.infection_list, name="infection-list"),
    path("denominators.csv", infections.denominators_csv, name="denominators-csv"),
    path("<uuid:event_id>/", infections.infection_detail, name="infection-detail"),
    path("<uuid:event_id>/correct/", infections.correct_infection, name="infection-correct"),
]

entry_point_urls = [
    path("check/", checks.record_check, name="check-record"),
    path("remove/", entry_points.remove_entry_point, name="entry-point-remove"),
    path("resite/", entry_points.resite_entry_point, name="entry-point-resite"),
]

check_urls = [
    path("", checks.check_detail, name="check-detail"),
    path("correct/", checks.correct_check, name="check-correct"),
]

urlpatterns = [
    path("", home.home, name="home"),
    path("health/", health.health, name="health"),
    path("session/renew/", session.renew_session, name="session-renew"),
    path("dashboard/", include(dashboard_urls)),
    path("reports/", include(report_urls)),
    path("infections/", include(infection_urls)),
    path("wards/<slug:code>/", include(ward_urls)),
    path("patients/<uuid:public_id>/", include(patient_urls)),
    path("entry-points/<uuid:public_id>/", include(entry_point_urls)),
    path("checks/<uuid:public_id>/", include(check_urls)),
    path("screens/<uuid:public_id>/", screens.screen_detail, name="screen-detail"),
    path("screens/<uuid:public_id>/correct/", screens.correct_screen, name="screen-correct"),
    path(
        "screens/<uuid:public_id>/escalation/",
        screens.record_escalation,
        name="escalation-record",
    ),
    path("flags/<uuid:public_id>/close/", flags.close_flag, name="flag-close"),
]
