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
# Where to look when a need has too few services for this person. Respect's line, for anyone
# worried about their own behaviour, is listed under domestic abuse.
GENERAL_NEED = {"perpetrator": "domestic_abuse"}
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


def service_block(service: Service, language: str, sms: bool = False) -> str:
    """Name, what it is for, and ways to reach it. L-grade numbers are never shown.

    By SMS: the name and one route on one line, since every character costs (a segment is 67
    characters in non-Latin scripts)."""
    shown = service.showable_contacts[:MAX_ROUTES_PER_SERVICE]
    if sms:  # someone texting can call or text: a number before a website
        shown = sorted(shown, key=lambda c: c.kind not in ("phone", "text"))[:1]
    routes = [_route_line(c, language) for c in shown]
    hidden_number = any(c.kind in ("phone", "text") and not c.showable for c in service.contacts)
    if hidden_number and not any(c.kind in ("phone", "text") for c in shown):
        routes.append(t("service_route.check_number", language))
    if sms:
        return t("sms.service_line", language, name=service.name, route=" ".join(routes))
    name_line = t("service_line", language, name=service.name,
                  what=service_text(service.id, language))
    return "\n".join([name_line, *("  " + r for r in routes)])


def services_text(services: list[Service], language: str, sms: bool = False) -> str:
    blocks = [service_block(s, language, sms) for s in services]
    if not any(s.open_now_route for s in services):
        blocks.append(say("no_24_7_route", language))
    return "\n".join(blocks)


def greeting(language: str) -> Reply:
    return Reply(say("greet", language), ["safe_yes", "safe_no"])


def signpost(need: str, role: str, language: str, also: list[str] | None = None,
             danger: bool = False, sms: bool = False) -> Reply:
    """Name the pattern, then 2-4 services best first, then numbered next steps. By SMS: the
    short `sms.` sentences and two services, to stay within a few segments."""
    limit = SMS_SERVICES if sms else Query.limit
    query = Query(need=need, role=role, language=language, urgent=danger, limit=limit)
    services = find_services(query)
    if len(services) < 2:  # few specialists for this person (e.g. FGM, adult): add general support
        general = find_services(Query(need=GENERAL_NEED.get(role, "unsure"), role=role,
                                      language=language, urgent=danger, limit=limit))
        shown = {s.id for s in services}
        services = (services + [s for s in general if s.id not in shown])[:limit]
    if role == "professional":
        return Reply(professional_summary(need, also or [], danger, False, services, language))
    short = "sms." if sms else ""
    opening = {"friend_family": "role.friend_family", "perpetrator": "role.perpetrator"}.get(
        role, f"need.{need}")
    parts = [say(short + opening, language)]
    if role == "survivor" and need != "unsure" and not sms:
        parts.append(say("services_intro", language))
    parts += [services_text(services, language, sms), say(short + "next_steps", language)]
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
