"""The no-loss check's plan: check-ins and item logs alternate, and some item posts are retries with the same key."""

from __future__ import annotations

from backwell.bench.web import _plan_posts


def test_the_no_loss_check_mixes_new_item_logs_with_retries_of_earlier_ones() -> None:
    person = {"items": [[1, 1, i] for i in range(300)]}
    sent, first_ids, last_pain = _plan_posts(person, 500)
    checkins = [data for kind, data in sent if kind == "checkin"]
    items = [data for kind, data in sent if kind == "item"]
    assert len(checkins) == len(items) == 250
    assert last_pain == checkins[-1]["pain"]
    assert len(first_ids) == 200 == len({i["client_id"] for i in items})
    # Each retry repeats an earlier post exactly: the same item under the same key.
    first_post = {i["client_id"]: (i["week"], i["day"], i["index"]) for i in items[:200]}
    assert all(first_post[i["client_id"]] == (i["week"], i["day"], i["index"]) for i in items[200:])
