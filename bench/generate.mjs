// Test data for the benchmarks: realistic applications and scores, deterministic.
import fs from 'node:fs';

const WORDS = ['klynge', 'samarbeid', 'grønn', 'omstilling', 'digitalisering', 'internasjonalisering', 'industri', 'sirkulær', 'økonomi', 'bærekraft', 'kompetanse', 'innovasjon', 'verdikjede', 'eksport', 'helse', 'energi', 'havbruk', 'treindustri', 'emballasje', 'logistikk', 'kunstig', 'intelligens', 'pilot', 'nettverk', 'Viken', 'bedrifter', 'forskning', 'næringsliv', 'utvikling', 'marked'];
const PLACES = ['Kongsberg', 'Drammen', 'Fredrikstad', 'Sarpsborg', 'Asker', 'Bærum', 'Lillestrøm', 'Hønefoss', 'Moss', 'Halden', 'Jessheim', 'Gol'];

/** a deterministic pseudo-random generator (mulberry32) */
function rng(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** a valid Norwegian organisation number (mod 11) from a counter */
export function orgNumber(i) {
  const w = [3, 2, 7, 6, 5, 4, 3, 2];
  for (let k = 0; ; k++) {
    const base = String(800000000 + ((i * 7919 + k * 104729) % 99999999)).slice(0, 8);
    const sum = [...base].reduce((s, d, j) => s + Number(d) * w[j], 0);
    const r = 11 - (sum % 11);
    if (r === 10) continue;
    return base + String(r === 11 ? 0 : r);
  }
}

const group = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

/** Write N applications as Excel would: `;`, Norwegian headers, amounts like `2 500 000`. */
export function writeApplications(file, n, seed = 1) {
  const r = rng(seed);
  const pick = (a) => a[Math.floor(r() * a.length)];
  const sentence = (k) => Array.from({ length: k }, () => pick(WORDS)).join(' ');
  const fd = fs.openSync(file, 'w');
  let buf = 'Saksnummer;Søker;Organisasjonsnummer;Prosjektnavn;Samarbeidsklynger;Søkt beløp;Totalbudsjett;Sammendrag;Kontaktperson;E-post;Innsendt\r\n';
  for (let i = 1; i <= n; i++) {
    const requested = (100 + Math.floor(r() * 4900)) * 1000;
    const summary = `${sentence(18)}. ${sentence(14)} i ${pick(PLACES)}.`;
    buf += `${String(20 + (i % 5))}/${String(i).padStart(7, '0')}-1;${pick(PLACES)} ${pick(WORDS)}klynge ${i};${orgNumber(i)};${sentence(5)};${pick(PLACES)}klyngen|${pick(WORDS)} cluster;${group(requested)};${group(requested * 2)};"${summary}";Kari Nordmann ${i};kontakt${i}@example.no;${1 + (i % 28)}.09.2021\r\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}

/** Write scores: every evaluator scores every application on every criterion. */
export function writeScores(file, refs, evaluators, criteria, seed = 2) {
  const r = rng(seed);
  const fd = fs.openSync(file, 'w');
  let buf = 'Vurderer;Saksnummer;Kriterium;Poeng;Begrunnelse\n';
  for (const ref of refs) {
    for (const e of evaluators) {
      for (const c of criteria) {
        buf += `${e};${ref};${c};${Math.floor(r() * 6)};Vurdert etter utlysningens kriterier\n`;
        if (buf.length > 1 << 20) {
          fs.writeSync(fd, buf);
          buf = '';
        }
      }
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}

export function refsOf(n) {
  return Array.from({ length: n }, (_, k) => `${String(20 + ((k + 1) % 5))}/${String(k + 1).padStart(7, '0')}-1`);
}
