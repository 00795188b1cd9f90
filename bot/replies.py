"""What the bot says, as plain functions of (situation, language): no Rasa needed to test them.

A Reply may offer numbered options; `menu` lists their codes so a later "1", "yes" or "ok" can be
understood (see choose_option in actions/navigation.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from bot.i18n import say, service_text, t
from bot.language import LANGUAGES
from services_catalog.queries import Query, find_services
from services_catalog.schema import Contact, Service

MAX_ROUTES_PER_SERVICE = 2
SMS_SERVICES = 2  # by SMS: the two best services with one route each, to stay a few segments
REPORTING_BY_NEED = {
    "domestic_abuse": ("reporting_clares_law", "reporting_protection"),
    "sexual_violence": ("reporting_havens",),
    "public_harassment": ("reporting_transport",),
    "forced_marriage": ("reporting_forced_marriage",),
    "honour_abuse": ("reporting_forced_marriage",),
    "trafficking": ("reporting_trafficking",),
}


@dataclass
class Reply:
    text: str
    menu: list[str] = field(default_factory=list)


def _route_line(contact: Contact, language: str) -> str:
    parts = [t(f"cost.{contact.cost}", language), t(f"hours.{contact.hours}", language)]
    if contact.note:
        parts.append(t(f"contact_note.{contact.note}", language))
    details = t("list_separator", language).join(filter(None, parts))
    return t(f"service_route.{contact.kind}", language, value=contact.value, details=details)


def service_block(service: Service, language: str, routes: int = MAX_ROUTES_PER_SERVICE) -> str:
    """Name, what it is for, and ways to reach it. L-grade numbers are never shown."""
    lines = [t("service_line", language, name=service.name,
               what=service_text(service.id, language))]
    shown = service.showable_contacts[:routes]
    lines += ["  " + _route_line(c, language) for c in shown]
    hidden_number = any(c.kind in ("phone", "text") and not c.showable for c in service.contacts)
    if hidden_number and not any(c.kind in ("phone", "text") for c in shown):
        lines.append("  " + t("service_route.check_number", language))
    return "\n".join(lines)


def services_text(services: list[Service], language: str, sms: bool = False) -> str:
    blocks = [service_block(s, language, 1 if sms else MAX_ROUTES_PER_SERVICE) for s in services]
    if not any(s.open_now_route for s in services):
        blocks.append(say("no_24_7_route", language))
    return "\n".join(blocks)


def greeting(language: str) -> Reply:
    return Reply(say("greet", language), ["safe_yes", "safe_no"])


def signpost(need: str, role: str, language: str, also: list[str] | None = None,
             danger: bool = False, sms: bool = False) -> Reply:
    """Name the pattern, then 2-4 services best first (2 by SMS), then numbered next steps."""
    limit = SMS_SERVICES if sms else Query.limit
    query = Query(need=need, role=role, language=language, urgent=danger, limit=limit)
    services = (find_services(query)
                or find_services(Query(need="unsure", language=language, limit=limit)))
    if role == "professional":
        return Reply(professional_summary(need, also or [], danger, False, services, language))
    opening = {"friend_family": "role.friend_family", "perpetrator": "role.perpetrator"}.get(
        role, f"need.{need}")
    parts = [say(opening, language)]
    if role == "survivor" and need != "unsure" and not sms:
        parts.append(say("services_intro", language))
    parts += [services_text(services, language, sms), say("next_steps", language)]
    return Reply("\n".join(parts), ["safety", "reporting", "human"])


def professional_summary(need: str, also: list[str], danger: bool, crisis: bool,
                         services: list[Service], language: str) -> str:
    forms = "; ".join(t(f"need_name.{n}", language) for n in [need, *also])
    risk = [say("triage.risk_danger", language)] if danger else []
    risk += [say("triage.risk_crisis", language)] if crisis else []
    lines = [say("role.professional", language), t("triage.forms", language, forms=forms),
             *(risk or [say("triage.risk_none", language)]), t("triage.services", language),
             services_text(services, language), reporting(need, language).text]
    return "\n".join(lines)


def reporting(need: str | None, language: str) -> Reply:
    keys = ["reporting_police", "reporting_anonymous", "reporting_third_party"]
    keys += REPORTING_BY_NEED.get(need or "", ())
    if need in (None, "domestic_abuse", "unsure"):
        keys = list(dict.fromkeys(keys + ["reporting_clares_law", "reporting_protection"]))
    lines = [say("topic.reporting", language)] + [say(f"topic.{k}", language) for k in keys]
    return Reply("\n".join(lines))


def talk_to_person(language: str, sms: bool = False) -> Reply:
    limit = SMS_SERVICES if sms else 3
    services = find_services(Query(route="human", language=language, limit=limit))
    return Reply("\n".join([say("topic.human", language), services_text(services, language, sms)]))


def safety_tips(language: str) -> Reply:
    return Reply(say("topic.safety", language))


def clarify(language: str) -> Reply:
    return Reply(say("clarify", language), ["clarify_yes", "clarify_unsure", "clarify_else"])


def which_need(language: str) -> Reply:
    return Reply(say("ask_which_need", language),
                 ["domestic_abuse", "sexual_violence", "stalking", "forced_marriage", "tell_more"])


def help_menu(language: str) -> Reply:
    return Reply(say("help", language), ["find_support", "reporting", "human", "language", "exit"])


def language_menu(language: str) -> Reply:
    options = [f"{i} {t(f'language_name.{code}', language)}" for i, code in
               enumerate(LANGUAGES, start=1)]
    return Reply("\n".join([say("language_menu", language), *options]),
                 [f"lang:{code}" for code in LANGUAGES])
