//! The path of one message: which machines relayed it, which writer each one runs, with or
//! without TLS, and when. Paths are consistent the way real ones are: each hop's client is the
//! machine that received the hop before it, and time only moves forward.

use super::received::{Hop, Station, Suite, Writer, pick_suite};
use crate::rng::{HEX, Rng};

/// Hops per message, as the corpus asks for: 3 to 9.
pub const MIN_HOPS: usize = 3;
pub const MAX_HOPS: usize = 9;

/// One planned hop.
#[derive(Debug, Clone)]
pub struct PlannedHop {
    pub writer: Writer,
    pub client: Station,
    pub server: Station,
    pub tls: Option<&'static Suite>,
    pub time: i64,
}

impl PlannedHop {
    pub fn hop<'a>(&'a self, recipient: &'a str, sender: &'a str) -> Hop<'a> {
        Hop {
            client: &self.client,
            server: &self.server,
            time: self.time,
            tls: self.tls,
            recipient,
            sender,
        }
    }
}

/// The organisations at both ends.
#[derive(Debug, Clone)]
pub struct Parties {
    pub sender_domain: String,
    pub recipient_domain: String,
    pub sender_zone: i32,
    pub recipient_zone: i32,
}

/// A path, origin first, and the index of the first hop written by the recipient's side (where
/// the receiving MX adds its authentication results).
#[derive(Debug, Clone)]
pub struct Path {
    pub hops: Vec<PlannedHop>,
    pub first_receiving_hop: usize,
    /// The sender side ran on Google or Microsoft: the message gets their headers.
    pub sender_kind: SenderKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SenderKind {
    Plain,
    Google,
    Microsoft,
    Bulk,
}

struct Builder<'r> {
    rng: &'r mut Rng,
    hops: Vec<PlannedHop>,
    current: Station,
    time: i64,
}

impl Builder<'_> {
    fn tick(&mut self) -> i64 {
        self.time += match self.rng.range(0, 99) {
            0..=69 => self.rng.range(0, 3),
            70..=94 => self.rng.range(3, 60),
            _ => self.rng.range(60, 1800),
        } as i64;
        self.time
    }

    /// `next` receives the message from the current holder.
    fn relay(&mut self, writer: Writer, next: Station, tls_percent: u64) {
        let tls =
            (writer.records_tls() && self.rng.chance(tls_percent)).then(|| pick_suite(self.rng));
        let time = self.tick();
        self.hops.push(PlannedHop {
            writer,
            client: self.current.clone(),
            server: next.clone(),
            tls,
            time,
        });
        self.current = next;
    }

    /// The current holder passes the message to itself (a content filter, a local delivery).
    fn loop_back(&mut self, writer: Writer) {
        let here = self.current.clone();
        self.relay(writer, here, 0);
    }
}

fn ipv4(rng: &mut Rng) -> String {
    let net = rng.pick(&["192.0.2", "198.51.100", "203.0.113"]);
    format!("{net}.{}", rng.range(1, 254))
}

fn ipv6(rng: &mut Rng) -> String {
    format!(
        "2001:db8:{}:{}::{}",
        rng.string(HEX, 3).trim_start_matches('0'),
        rng.range(1, 0xfff),
        rng.range(1, 0xff)
    )
    .replace("db8::", "db8:0:")
}

fn station(host: String, zone: i32, rng: &mut Rng) -> Station {
    let ip = if rng.chance(15) { ipv6(rng) } else { ipv4(rng) };
    Station {
        host,
        ip,
        offset_minutes: zone,
    }
}

fn host(rng: &mut Rng, prefixes: &[&str], domain: &str) -> String {
    format!("{}{}.{domain}", rng.pick(prefixes), rng.range(1, 9))
}

const ZONES: [i32; 10] = [0, 0, -300, -480, 60, 60, 120, 180, 540, -360];

pub fn parties(rng: &mut Rng) -> Parties {
    const SENDERS: [&str; 10] = [
        "example.org",
        "example.net",
        "shop.example.net",
        "news.example.org",
        "lists.example.org",
        "corp.example.test",
        "mail.example.test",
        "billing.example.net",
        "example.invalid",
        "research.example.org",
    ];
    const RECIPIENTS: [&str; 5] = [
        "example.com",
        "example.com",
        "staff.example.com",
        "home.example.net",
        "uni.example.test",
    ];
    Parties {
        sender_domain: rng.pick(&SENDERS).to_string(),
        recipient_domain: rng.pick(&RECIPIENTS).to_string(),
        sender_zone: *rng.pick(&ZONES),
        recipient_zone: *rng.pick(&ZONES),
    }
}

/// A path of 3 to 9 hops from the sender's client to the recipient's mailbox.
pub fn plan(rng: &mut Rng, parties: &Parties, start: i64) -> Path {
    loop {
        let path = try_plan(rng, parties, start);
        if (MIN_HOPS..=MAX_HOPS).contains(&path.hops.len()) {
            return path;
        }
    }
}

fn try_plan(rng: &mut Rng, parties: &Parties, start: i64) -> Path {
    let sdom = parties.sender_domain.as_str();
    let rdom = parties.recipient_domain.as_str();
    let sz = parties.sender_zone;
    let rz = parties.recipient_zone;
    let client_name = if rng.chance(50) {
        format!("client{}.{sdom}", rng.range(1, 99))
    } else {
        format!("host-{}.example.net", rng.range(1, 250))
    };
    let client = station(client_name, sz, rng);
    let mut b = Builder {
        rng,
        hops: Vec::new(),
        current: client,
        time: start,
    };

    // The sender's side.
    let mut sender_kind = SenderKind::Plain;
    match b.rng.range(0, 21) {
        0..=3 => {
            let smtp = station(format!("smtp.{sdom}"), sz, b.rng);
            b.relay(Writer::PostfixSubmission, smtp, 95);
            if b.rng.chance(30) {
                b.loop_back(Writer::Amavis);
                b.loop_back(Writer::PostfixLoopback);
            }
        }
        4..=6 => {
            sender_kind = SenderKind::Google;
            if b.rng.chance(50) {
                let origin = format!(
                    "mail-{}-f{}.google.com",
                    b.rng.pick(&["pl1", "qt1", "wr1", "ej1"]),
                    b.rng.range(41, 199)
                );
                b.current = station(origin, -480, b.rng);
                b.loop_back(Writer::GmailOrigin);
            } else {
                let smtp = station("smtp.gmail.com".to_owned(), -480, b.rng);
                b.relay(Writer::GmailSubmission, smtp, 100);
            }
        }
        7..=9 => {
            sender_kind = SenderKind::Microsoft;
            let mailbox = station(outlook_host(b.rng, "PR", "MB"), 0, b.rng);
            b.current = mailbox;
            b.loop_back(Writer::ExchangeMapi);
            for _ in 0..b.rng.range(1, 2) {
                let next = station(outlook_host(b.rng, "PR", "MB"), 0, b.rng);
                b.relay(Writer::ExchangeInternal, next, 97);
            }
            let edge = station(outlook_host(b.rng, "EUR", "FT"), 0, b.rng);
            b.relay(Writer::ExchangeInternal, edge, 97);
        }
        10 => {
            let web = station(host(b.rng, &["web", "app"], sdom), sz, b.rng);
            b.current = web;
            b.loop_back(Writer::EximLocal);
            let out = station(host(b.rng, &["out", "smarthost"], sdom), sz, b.rng);
            b.relay(Writer::Exim, out, 80);
        }
        11 => {
            let web = station(host(b.rng, &["web", "www"], sdom), sz, b.rng);
            b.current = web;
            b.loop_back(Writer::SendmailSubmit);
            let out = station(host(b.rng, &["relay", "mail"], sdom), sz, b.rng);
            b.relay(Writer::Sendmail, out, 80);
        }
        12 => {
            let server = station(format!("mail.{sdom}"), sz, b.rng);
            b.current = server;
            b.loop_back(Writer::QmailInvoked);
        }
        13 => {
            let web = station(host(b.rng, &["web"], sdom), sz, b.rng);
            b.current = web;
            b.loop_back(Writer::PostfixPickup);
            let out = station(host(b.rng, &["mx", "relay"], sdom), sz, b.rng);
            b.relay(Writer::Postfix, out, 70);
        }
        14..=17 => {
            sender_kind = SenderKind::Bulk;
            let (writer, name) = *b.rng.pick(&[
                (Writer::Mailgun, "mta.send.example.net"),
                (Writer::SendGrid, "geopod-ismtpd-7"),
                (Writer::Ecelerity, "mta2.send.example.net"),
                (Writer::PowerMta, "vmta3.send.example.net"),
                (Writer::Halon, "halon-out02.example.net"),
                (Writer::KumoMta, "send.example.com"),
                (Writer::ZoneMta, "mx6.mta.example.net"),
                (Writer::MailChannels, "relay.mailchannels.example.net"),
            ]);
            let esp = station(name.to_owned(), 0, b.rng);
            b.relay(writer, esp, 90);
        }
        _ => {
            let writer = *b.rng.pick(&[
                Writer::MDaemon,
                Writer::CommuniGate,
                Writer::Kerio,
                Writer::IceWarp,
                Writer::Domino,
                Writer::MailEnable,
                Writer::Stalwart,
                Writer::OpenSmtpd,
                Writer::Haraka,
                Writer::Courier,
                Writer::Zoho,
            ]);
            let name = if writer == Writer::Zoho {
                "mx.zohomail.com".to_owned()
            } else {
                format!("mail.{sdom}")
            };
            let server = station(name, sz, b.rng);
            b.relay(writer, server, 80);
        }
    }

    // Many organisations send through an outbound relay of their own.
    if sender_kind == SenderKind::Plain && b.rng.chance(40) {
        let relay = station(host(b.rng, &["out", "relay", "smtp-out"], sdom), sz, b.rng);
        let writer = *b
            .rng
            .pick(&[Writer::Postfix, Writer::Exim, Writer::Sendmail]);
        b.relay(writer, relay, 85);
    }

    // The recipient's side.
    let first_receiving_hop = b.hops.len();
    let mx =
        |b: &mut Builder<'_>, prefixes: &[&str]| station(host(b.rng, prefixes, rdom), rz, b.rng);
    match b.rng.range(0, 23) {
        0..=4 => {
            let edge = mx(&mut b, &["mx", "mx0", "in"]);
            b.relay(Writer::Postfix, edge, 85);
            if b.rng.chance(40) {
                b.loop_back(Writer::Amavis);
                b.loop_back(Writer::PostfixLoopback);
            }
            if b.rng.chance(40) {
                let hub = mx(&mut b, &["hub", "filter"]);
                b.relay(Writer::Postfix, hub, 70);
            }
            if b.rng.chance(60) {
                let store = mx(&mut b, &["store", "imap"]);
                b.relay(Writer::Dovecot, store, 30);
            }
        }
        5..=7 => {
            let google = station("mx.google.com".to_owned(), -480, b.rng);
            b.relay(Writer::GmailMx, google, 90);
            let mut mailbox = b.current.clone();
            mailbox.ip = ipv6(b.rng);
            b.current = mailbox;
            b.loop_back(Writer::GmailMailbox);
        }
        8..=10 => {
            let edge = station(outlook_host(b.rng, "EUR", "FT"), 0, b.rng);
            b.relay(Writer::ExchangeEdge, edge, 85);
            for _ in 0..b.rng.range(1, 3) {
                let next = station(outlook_host(b.rng, "PR", "MB"), 0, b.rng);
                b.relay(Writer::ExchangeInternal, next, 95);
            }
        }
        11..=12 => {
            let writer = if b.rng.chance(70) {
                Writer::Exim
            } else {
                Writer::EximOld
            };
            let edge = mx(&mut b, &["mx", "mail"]);
            b.relay(writer, edge, 80);
            if b.rng.chance(40) {
                let hub = mx(&mut b, &["hub", "spam"]);
                b.relay(Writer::Exim, hub, 60);
            }
            if b.rng.chance(50) {
                let store = mx(&mut b, &["store"]);
                b.relay(Writer::Dovecot, store, 20);
            }
        }
        13 => {
            let edge = mx(&mut b, &["mx", "mx0b"]);
            b.relay(Writer::Sendmail, edge, 85);
            let store = mx(&mut b, &["imap"]);
            b.relay(Writer::Cyrus, store, 50);
        }
        14 => {
            // Yahoo's inbound MX names itself by its bare address.
            let address = ipv4(b.rng);
            let edge = Station {
                host: address.clone(),
                ip: address,
                offset_minutes: 0,
            };
            b.relay(Writer::Yahoo, edge, 95);
        }
        15 => {
            let edge = mx(&mut b, &["mxfront"]);
            b.relay(Writer::Yandex, edge, 90);
        }
        16..=17 => {
            let writer = if b.rng.chance(50) {
                Writer::Mimecast
            } else {
                Writer::IronPort
            };
            let gateway = mx(&mut b, &["esa", "relay"]);
            b.relay(writer, gateway, 85);
            let inside = station(outlook_host(b.rng, "PR", "MB"), 0, b.rng);
            b.relay(Writer::ExchangeInternal, inside, 95);
        }
        18 => {
            let edge = mx(&mut b, &["mx"]);
            b.relay(Writer::Postfix, edge, 95);
            let proxy = mx(&mut b, &["compute"]);
            b.relay(Writer::FastmailProxy, proxy, 0);
        }
        _ => {
            let writer = *b.rng.pick(&[
                Writer::OpenSmtpd,
                Writer::Courier,
                Writer::Haraka,
                Writer::Stalwart,
                Writer::Kerio,
                Writer::QmailNetwork,
                Writer::Qpsmtpd,
                Writer::Tonline,
                Writer::IceWarp,
                Writer::CommuniGate,
                Writer::Domino,
                Writer::Ses,
            ]);
            let name = if writer == Writer::Ses {
                "inbound-smtp.us-east-1.amazonaws.com".to_owned()
            } else {
                host(b.rng, &["mx", "mail", "mailin"], rdom)
            };
            let edge = station(name, rz, b.rng);
            b.relay(writer, edge, 80);
        }
    }
    if b.rng.chance(5) {
        let laptop = station(format!("laptop.{rdom}"), rz, b.rng);
        b.relay(Writer::Fetchmail, laptop, 0);
    }
    // Short paths get more internal relays on the recipient's side, as many sites have, so
    // that hop counts spread over the whole range rather than piling up at the minimum.
    let wanted = *b.rng.pick(&[3, 4, 4, 5, 5, 6, 6, 7, 8, 9]);
    while b.hops.len() < wanted.max(MIN_HOPS) {
        let internal = mx(&mut b, &["filter", "relay", "hub"]);
        let writer = *b
            .rng
            .pick(&[Writer::Postfix, Writer::Exim, Writer::Sendmail]);
        b.relay(writer, internal, 85);
    }
    Path {
        hops: b.hops,
        first_receiving_hop,
        sender_kind,
    }
}

/// An Exchange Online host name: the shapes by which that writer is recognised.
fn outlook_host(rng: &mut Rng, region: &str, kind: &str) -> String {
    if kind == "FT" {
        format!(
            "{}{:02}{}{:03}.mail.protection.outlook.com",
            rng.pick(&["AM", "DB", "BN"]),
            rng.range(1, 9),
            region,
            rng.range(1, 999)
        )
    } else {
        format!(
            "{}{region}{:02}{kind}{}.{}.prod.outlook.com",
            rng.pick(&["DM6", "SN7", "CH3", "PH0", "AS8"]),
            rng.range(1, 20),
            rng.range(1000, 9999),
            rng.pick(&["namprd01", "namprd11", "eurprd04", "apcprd06"])
        )
    }
}
