"""Every staff and City Hall page, under /biuro/. The pages of one domain
keep its name as a namespace inside the office's: `office:meters:meter`,
`office:settlements:run`, `office:access:account`, `office:audit:events`,
`office:privacy:contractor_data`."""

from django.urls import include, path

from iok.office.views import (
    access_requests,
    accounting,
    allowances,
    audit,
    billing,
    corrections,
    home,
    jobs,
    kartoteka,
    logins,
    meters,
    payments,
    privacy,
    refunds,
    settlements,
)

app_name = "office"

access_patterns = [
    path("wnioski/", access_requests.requests, name="requests"),
    path("wnioski/nowy/", access_requests.new_request, name="new_request"),
    path("wnioski/<int:pk>/", access_requests.request_detail, name="request"),
    path("wnioski/<int:pk>/zatwierdz/", access_requests.approve, name="approve"),
    path("wnioski/<int:pk>/odrzuc/", access_requests.reject, name="reject"),
    path("loginy/", logins.accounts, name="accounts"),
    path("loginy/<int:pk>/", logins.account_detail, name="account"),
    path("loginy/<int:pk>/nowe-haslo/", logins.new_password, name="new_password"),
    path("loginy/<int:pk>/pismo.pdf", logins.letter, name="letter"),
]

meters_patterns = [
    path("", meters.search, name="search"),
    path("<int:pk>/", meters.meter, name="meter"),
    path("<int:pk>/odczyt/", meters.add_reading, name="add_reading"),
    path("<int:pk>/wymiana/", meters.replace, name="replace"),
    path("legalizacja/", meters.legalisation, name="legalisation"),
    path("odczyty/", meters.queue, name="queue"),
    path("odczyty/<int:pk>/przyjmij/", meters.accept, name="accept"),
    path("odczyty/<int:pk>/odrzuc/", meters.reject, name="reject"),
    path("odczyty/<int:pk>/zdjecie/", meters.photo, name="photo"),
    path("import/", meters.upload, name="import"),
    path("import/<int:pk>/", meters.preview, name="import_preview"),
    path("import/<int:pk>/importuj/", meters.confirm, name="import_confirm"),
]

settlements_patterns = [
    path("", settlements.runs, name="runs"),
    path("nowe/", settlements.run_new, name="run_new"),
    path("nowe/podglad/", settlements.run_preview, name="run_preview"),
    path("nowe/zatwierdz/", settlements.run_confirm, name="run_confirm"),
    path("<int:pk>/", settlements.run, name="run"),
    path("<int:pk>/zaliczki/", settlements.run_apply, name="run_apply"),
    path("dokument/<int:pk>/", settlements.settlement, name="settlement"),
]

audit_patterns = [
    path("", audit.events, name="events"),
]

privacy_patterns = [
    path("", privacy.contractor_data, name="contractor_data"),
    path("dane.json", privacy.contractor_data_json, name="contractor_data_json"),
    path("dane.pdf", privacy.contractor_data_pdf, name="contractor_data_pdf"),
]

urlpatterns = [
    path("", home.home, name="home"),
    path("zaleglosci/", home.arrears, name="arrears"),
    path("naliczenia/", billing.billing, name="billing"),
    path("naliczenia/zaksieguj/", billing.book, name="billing_book"),
    path("wyciagi/", payments.upload, name="statement_upload"),
    path("wyciagi/<int:pk>/", payments.preview, name="statement_preview"),
    path("wyciagi/<int:pk>/importuj/", payments.confirm, name="statement_confirm"),
    path("wyciagi/historia/", payments.statement_list, name="statement_list"),
    path("wyciagi/historia/<int:pk>/", payments.statement_detail, name="statement_detail"),
    path("wplaty/", payments.queue, name="payment_queue"),
    path("wplaty/<int:pk>/przypisz/", payments.assign, name="payment_assign"),
    path("wplaty/<int:pk>/odloz/", payments.set_aside, name="payment_set_aside"),
    path("wplaty/<int:pk>/dodatek/", allowances.split, name="allowance_split"),
    path(
        "wplaty/<int:pk>/dodatek/zaksieguj/",
        allowances.split_confirm,
        name="allowance_split_confirm",
    ),
    path("dodatki-mieszkaniowe/", allowances.report, name="allowance_report"),
    path("wplaty/<int:pk>/storno/", payments.assign_reversal, name="payment_reversal_assign"),
    path("korekty/", corrections.find, name="corrections"),
    path("korekty/<int:pk>/", corrections.new, name="correction_new"),
    path("korekty/<int:pk>/zatwierdz/", corrections.confirm, name="correction_confirm"),
    path("zwroty/", refunds.orders, name="refunds"),
    path("zwroty/kartoteka/<int:ledger_pk>/", refunds.ledger_page, name="refund_ledger"),
    path("zwroty/kartoteka/<int:ledger_pk>/zlec/", refunds.order, name="refund_order"),
    path("zwroty/kartoteka/<int:ledger_pk>/przeksieguj/", refunds.transfer, name="transfer"),
    path("zwroty/<int:pk>/anuluj/", refunds.cancel, name="refund_cancel"),
    path("zwroty/pliki/", refunds.batch_new, name="refund_batch_new"),
    path("zwroty/pliki/<int:pk>/", refunds.batch_file, name="refund_batch_file"),
    path("ksiegowosc/", include((accounting.urlpatterns, "accounting"))),
    path("", include((access_patterns, "access"))),
    path("liczniki/", include((meters_patterns, "meters"))),
    path("rozliczenia/", include((settlements_patterns, "settlements"))),
    path("audyt/", include((audit_patterns, "audit"))),
    path("zadania/", include((jobs.patterns, "jobs"))),
    path("kontrahenci/<int:pk>/dane-osobowe/", include((privacy_patterns, "privacy"))),
    *kartoteka.urlpatterns_under_biuro(),
]
