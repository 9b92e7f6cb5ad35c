// Read calendar files the way ical.js (Thunderbird, many web calendars) reads them, and print
// every VEVENT's UID, SEQUENCE, STATUS and start/end as UTC instants, as JSON.
// Usage: node read_ics.mjs FILE...   (a JSON list, one entry per file)
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const out = [];
for (const path of process.argv.slice(2)) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
  }
  const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      sequence: event.sequence,
      status: vevent.getFirstPropertyValue("status"),
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      tzid: event.startDate.zone ? event.startDate.zone.tzid : null,
    };
  });
  out.push({ path, method: calendar.getFirstPropertyValue("method"), events });
}
process.stdout.write(JSON.stringify(out));
