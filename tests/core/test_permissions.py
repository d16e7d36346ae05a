import pytest

from consult.core.permissions import PERMISSIONS, can
from consult.models import RoleName

R = RoleName
# Expected matrix: permission -> roles that hold it (admins hold all).
EXPECTED = {
    "consultation.manage": {R.FACILITATOR, R.ADMIN},
    "submission.enter_on_behalf": {R.FACILITATOR, R.ADMIN},
    "submission.moderate": {R.FACILITATOR, R.ADMIN},
    "theme.curate": {R.FACILITATOR, R.ADMIN},
    "commitment.draft": {R.FACILITATOR, R.ADMIN},
    "assembly.run": {R.FACILITATOR, R.ADMIN},
    "response.write": {R.OFFICIAL, R.ADMIN},
    "commitment.adopt": {R.OFFICIAL, R.ADMIN},
    "audit.read": {R.MONITOR, R.OFFICIAL, R.FACILITATOR, R.ADMIN},
    "drafts.read": {R.MONITOR, R.OFFICIAL, R.FACILITATOR, R.ADMIN},
    "assessment.publish": {R.MONITOR, R.ADMIN},
    "users.manage": {R.ADMIN},
    "organisation.manage": {R.ADMIN},
}


def test_matrix_covers_every_permission():
    assert set(EXPECTED) == set(PERMISSIONS)


@pytest.mark.parametrize("role", list(RoleName))
@pytest.mark.parametrize("permission", sorted(EXPECTED))
def test_role_permission_matrix(db, create_user, role, permission):
    user = create_user(role.value)
    assert can(user, permission) is (role in EXPECTED[permission])


def test_anonymous_visitor_holds_no_permission():
    assert not any(can(None, permission) for permission in PERMISSIONS)


def test_unknown_permission_is_a_programming_error():
    with pytest.raises(KeyError):
        can(None, "consultation.destroy")
