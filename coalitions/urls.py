from django.urls import path

from . import views, views_pairs, views_people

app_name = "coalitions"
urlpatterns = [
    path("", views.my_coalitions, name="mine"),
    path("new/", views.create_coalition, name="create"),
    path("switch/", views.switch_coalition, name="switch"),
    path("invitations/<uuid:token>/", views_people.invitation, name="invitation"),
    path("<int:pk>/", views.coalition_detail, name="detail"),
    path("<int:pk>/edit/", views.edit_coalition, name="edit"),
    path("<int:pk>/members/", views.member_organisations, name="members"),
    path("<int:pk>/members/<int:org_pk>/", views.edit_member_organisation, name="member_edit"),
    path("<int:pk>/people/", views_people.people, name="people"),
    path(
        "<int:pk>/people/<int:membership_pk>/<slug:action>/",
        views_people.person_action,
        name="person_action",
    ),
    path(
        "<int:pk>/invitations/<int:invitation_pk>/revoke/",
        views_people.revoke_invitation,
        name="invitation_revoke",
    ),
    path("<int:pk>/join/", views_people.join_coalition, name="join"),
    path(
        "<int:pk>/join-requests/<int:request_pk>/",
        views_people.decide_join_request,
        name="join_decide",
    ),
    path("<int:pk>/partners/", views_pairs.partner_search, name="partners"),
    path(
        "<int:pk>/partners/<int:other_pk>/invite/", views_pairs.invite_partner, name="pair_invite"
    ),
    path(
        "<int:pk>/pairs/<int:pair_pk>/<slug:action>/", views_pairs.pair_action, name="pair_action"
    ),
]
