"""The Slack app manifest asks for exactly the scopes and events the code uses."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SCOPE_FOR_METHOD = {"chat_postMessage": {"chat:write"}, "reactions_add": {"reactions:write"},
                    "reactions_remove": {"reactions:write"},
                    "conversations_info": {"channels:read", "groups:read"},
                    "users_info": {"users:read"},
                    "users_conversations": {"channels:read", "groups:read"},
                    "views_publish": set(), "views_open": set(), "chat_getPermalink": set(),
                    "chat_postEphemeral": {"chat:write"}, "chat_update": {"chat:write"},
                    "conversations_history": {"channels:history", "groups:history"},
                    "conversations_replies": {"channels:history", "groups:history"},
                    "users_lookupByEmail": {"users:read.email"}}


def test_manifest_scopes_match_the_code() -> None:
    manifest = yaml.safe_load((ROOT / "slack" / "manifest.yaml").read_text())
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    code = "\n".join(p.read_text() for p in (ROOT / "bot").rglob("*.py"))
    used_methods = {m for m in re.findall(r"client\.(\w+)\(", code) if "_" in m}  # Web API
    assert used_methods <= set(SCOPE_FOR_METHOD), "a Web API method without a known scope"
    needed = set().union(*(SCOPE_FOR_METHOD[m] for m in used_methods))
    handled_events = set(re.findall(r'@app\.event\("(\w+)"\)', code))
    if "@app.command(" in code:
        needed.add("commands")
    if "app_mention" in handled_events:
        needed.add("app_mentions:read")
    expected_events = set(handled_events)
    if "message" in handled_events:  # channel messages: uploads and thread follow-ups
        expected_events = (expected_events - {"message"}) | {"message.channels", "message.groups"}
        needed |= {"channels:history", "groups:history"}
        if '"im"' in code:  # direct messages
            expected_events.add("message.im")
            needed.add("im:history")
            assert manifest["features"]["app_home"]["messages_tab_enabled"] is True
    if "url_private" in code:  # uploaded files are downloaded
        needed.add("files:read")
    if "reaction_added" in handled_events:
        needed.add("reactions:read")
    shortcuts = {s["callback_id"] for s in manifest["features"].get("shortcuts", [])}
    for callback in set(re.findall(r'@app\.shortcut\((\w+)\)', code)) - {"ANYTHING"}:
        value = re.search(rf'^{callback} = "(\w+)"', code, re.MULTILINE)
        assert value and value.group(1) in shortcuts, f"shortcut {callback} not in manifest"
    if "app_home_opened" in handled_events:
        assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert scopes == needed
    assert events == expected_events
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == ["/concord"]


def test_oauth_scopes_are_the_manifest_scopes() -> None:
    from bot.app import BOT_SCOPES

    manifest = yaml.safe_load((ROOT / "slack" / "manifest.yaml").read_text())
    assert set(BOT_SCOPES) == set(manifest["oauth_config"]["scopes"]["bot"])
