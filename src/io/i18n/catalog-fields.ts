/** Messages for reading import files: field values, headers, CSV structure and encodings. */
import type { CatalogPart } from './index.js';

export const fields: CatalogPart = {
  en: {
    // amounts (src/core/amount.ts)
    'amount.empty': 'The amount is empty. Write the amount in kroner, e.g. 1 500 000.',
    'amount.not-a-number': '"{value}" is not an amount. Write the amount in kroner with digits, e.g. 1 500 000 or 1 500 000,50.',
    'amount.negative': '"{value}" is negative. Amounts must be positive; remove the minus sign.',
    'amount.zero': '"{value}" is zero. Write the amount actually requested in kroner.',
    'amount.ambiguous':
      '"{value}" is ambiguous: the separator could group thousands or mark decimals. Write {whole} or {grouped} for {whole} kroner, or {decimal} for kroner and øre.',
    'amount.too-many-decimals': '"{value}" has {decimals} decimals. Øre take at most two decimals, e.g. 1 329 073,80.',
    'amount.grouping':
      '"{value}" has its digits grouped in a way that is not a number. Write the amount without separators (1500000) or in groups of three (1 500 000), with a comma before øre.',
    'amount.too-large': '"{value}" is too large to be an amount in kroner. Check for extra digits.',

    // organisation numbers (src/core/org-number.ts)
    'orgnr.empty': 'The organisation number is empty. Write the nine digits from the Central Coordinating Register (Brønnøysund), e.g. 974 760 673.',
    'orgnr.not-digits': '"{value}" is not an organisation number: it must be nine digits, e.g. 974 760 673.',
    'orgnr.length': '"{value}" has {length} digits; an organisation number has nine. Check for missing or extra digits.',
    'orgnr.check-digit': '"{value}" is not a valid organisation number: the check digit (the last digit) is wrong. Check for a typo against the Brønnøysund register.',
    'orgnr.invalid': '"{value}" is not a valid organisation number: no check digit fits these digits. Check for a typo against the Brønnøysund register.',

    // dates (src/core/dates.ts)
    'date.empty': 'The date is empty. Write it as 15.09.2021 or 2021-09-15.',
    'date.not-a-date': '"{value}" is not a date. Write it as 15.09.2021 or 2021-09-15, optionally with a time: 15.09.2021 13:00.',
    'date.two-digit-year': '"{value}" has a two-digit year. Write the year with four digits, e.g. 15.09.2021.',
    'date.impossible': '"{value}" is not a date that exists (check the day and the month, 1–12).',
    'date.bad-time': '"{value}" has an impossible time of day. Write the time as HH:MM between 00:00 and 23:59.',

    // e-mail (src/core/email.ts)
    'email.empty': 'The e-mail address is empty.',
    'email.invalid': '"{value}" is not an e-mail address. Write it as name@example.no.',
    'email.multiple': '"{value}" holds more than one e-mail address. Give one address for the contact person.',

    // headers (src/core/headers.ts, src/core/score-headers.ts)
    'header.missing':
      'The file has no column for {field} (accepted names include {aliases}). The file has these columns: {columns}. If one of them holds {field}, name it with {example}.',
    'header.duplicate-field': 'Several columns mean {field}: {columns}. Keep one, or say which one to use with {example}.',
    'header.map-unknown-field': '--map names "{field}", which is not a field. Fields are: {fields}.',
    'header.map-column-missing': '--map {field}={column}: the file has no column "{column}". The file has these columns: {columns}.',
    'header.map-duplicate-field': '--map gives two columns for {field}: {columns}. Give one.',
    'header.map-syntax': '--map "{value}" is not of the form field=Column, e.g. --map ref=prosjektnummer.',
    'header.unknown-columns': 'Columns klynge does not know, kept as extra data: {columns}.',

    // CSV structure (src/io/csv-read.ts)
    'csv.not-found': 'The file {file} does not exist. Check the path.',
    'csv.not-a-file': '{file} is a folder, not a file. Give the path to a CSV file.',
    'csv.read-error': 'The file {file} could not be read ({reason}). Check that it exists and that you may read it.',
    'csv.empty': 'The file {file} is empty: it has no header row. Export the file again, with the column names on the first line.',
    'csv.spreadsheet':
      '{file} is a spreadsheet (Excel or similar), not a CSV file. Open it and save it as "CSV (semicolon delimited)" or "CSV UTF-8", then import that file.',
    'csv.unclosed-quote':
      'A quote (") opens a field here and is never closed, so the rest of the file cannot be read. Add the missing closing quote, or double any quote that belongs to the text ("").',
    'csv.record-too-large':
      'This row is longer than {limit}, which almost always means a quote (") that is never closed from here on. Add the missing closing quote, or double any quote that belongs to the text ("").',
    'csv.record-too-large-unquoted':
      'This row is longer than {limit}, and has no quotes: no application has a value this long. Check that this is the right file and that its lines end where they should, then shorten or split the value.',
    'csv.invalid-utf8':
      'This line has bytes that are not UTF-8 ({bytes}), in a file that is UTF-8 elsewhere: imported, they would be garbled. Retype the characters there (or fix them where the file was made); if the whole file really is Windows-1252, run the import with --encoding windows-1252.',
    'csv.nul-byte':
      'This line has a NUL byte (a character with code 0), which does not belong in a CSV file, often left by a damaged copy. Remove it; if the file is UTF-16 "Unicode text", save it again with a BOM or run the import with --encoding utf-16le.',
    'csv.too-many-fields': 'This row has {got} fields but the header has {expected}. A delimiter inside a value needs quotes around the value; otherwise remove the extra fields.',
    'csv.too-few-fields': 'This row has {got} fields but the header has {expected}. Add the missing fields (they may be empty), or join a row that was split across lines.',
    'csv.stray-quote': 'Field {field} has a quote (") inside a value that does not start with a quote. Put the whole value in quotes and double the quote inside (""), or remove it.',
    'csv.text-after-quote':
      'Field {field} starts with a quote here, and its closing quote on line {endLine} is followed by more text. Double any quote that belongs to the text (""), or add the missing closing quote.',
    'csv.malformed': 'This row is not valid CSV ({detail}). Check the quotes and delimiters on this line.',
    'csv.delimiter-unknown': '"{value}" is not a delimiter klynge reads. Use ";", "," or tab.',

    // encodings (src/io/csv-read.ts)
    'encoding.unknown': '"{value}" is not an encoding klynge reads. Use one of: {encodings}.',
  },
  nb: {
    'amount.empty': 'Beløpet er tomt. Skriv beløpet i kroner, for eksempel 1 500 000.',
    'amount.not-a-number': '«{value}» er ikke et beløp. Skriv beløpet i kroner med sifre, for eksempel 1 500 000 eller 1 500 000,50.',
    'amount.negative': '«{value}» er negativt. Beløp må være positive; fjern minustegnet.',
    'amount.zero': '«{value}» er null. Skriv beløpet det faktisk søkes om, i kroner.',
    'amount.ambiguous':
      '«{value}» kan leses på to måter: skilletegnet kan skille tusener eller markere desimaler. Skriv {whole} eller {grouped} for {whole} kroner, eller {decimal} for kroner og øre.',
    'amount.too-many-decimals': '«{value}» har {decimals} desimaler. Øre skrives med høyst to desimaler, for eksempel 1 329 073,80.',
    'amount.grouping':
      '«{value}» har sifrene gruppert slik at det ikke blir et tall. Skriv beløpet uten skilletegn (1500000) eller i grupper på tre (1 500 000), med komma foran øre.',
    'amount.too-large': '«{value}» er for stort til å være et beløp i kroner. Se etter sifre for mye.',

    'orgnr.empty': 'Organisasjonsnummeret er tomt. Skriv de ni sifrene fra Enhetsregisteret, for eksempel 974 760 673.',
    'orgnr.not-digits': '«{value}» er ikke et organisasjonsnummer: det skal være ni sifre, for eksempel 974 760 673.',
    'orgnr.length': '«{value}» har {length} sifre; et organisasjonsnummer har ni. Se etter sifre som mangler eller er for mye.',
    'orgnr.check-digit': '«{value}» er ikke et gyldig organisasjonsnummer: kontrollsifferet (det siste sifferet) stemmer ikke. Se etter skrivefeil og sjekk mot Enhetsregisteret.',
    'orgnr.invalid': '«{value}» er ikke et gyldig organisasjonsnummer: ingen kontrollsiffer passer til disse sifrene. Se etter skrivefeil og sjekk mot Enhetsregisteret.',

    'date.empty': 'Datoen er tom. Skriv den som 15.09.2021 eller 2021-09-15.',
    'date.not-a-date': '«{value}» er ikke en dato. Skriv den som 15.09.2021 eller 2021-09-15, gjerne med klokkeslett: 15.09.2021 13:00.',
    'date.two-digit-year': '«{value}» har årstall med to sifre. Skriv året med fire sifre, for eksempel 15.09.2021.',
    'date.impossible': '«{value}» er ikke en dato som finnes (sjekk dagen og måneden, 1–12).',
    'date.bad-time': '«{value}» har et klokkeslett som ikke finnes. Skriv klokkeslettet som TT:MM mellom 00:00 og 23:59.',

    'email.empty': 'E-postadressen er tom.',
    'email.invalid': '«{value}» er ikke en e-postadresse. Skriv den som navn@eksempel.no.',
    'email.multiple': '«{value}» inneholder mer enn én e-postadresse. Oppgi én adresse for kontaktpersonen.',

    'header.missing':
      'Filen har ingen kolonne for {field} (godtatte navn er blant annet {aliases}). Filen har disse kolonnene: {columns}. Hvis en av dem inneholder {field}, angi den med {example}.',
    'header.duplicate-field': 'Flere kolonner betyr {field}: {columns}. Behold én, eller angi hvilken som skal brukes med {example}.',
    'header.map-unknown-field': '--map nevner «{field}», som ikke er et felt. Feltene er: {fields}.',
    'header.map-column-missing': '--map {field}={column}: filen har ingen kolonne «{column}». Filen har disse kolonnene: {columns}.',
    'header.map-duplicate-field': '--map angir to kolonner for {field}: {columns}. Angi én.',
    'header.map-syntax': '--map «{value}» har ikke formen felt=Kolonne, for eksempel --map ref=prosjektnummer.',
    'header.unknown-columns': 'Kolonner klynge ikke kjenner, tatt vare på som ekstra data: {columns}.',

    'csv.not-found': 'Filen {file} finnes ikke. Sjekk stien.',
    'csv.not-a-file': '{file} er en mappe, ikke en fil. Oppgi stien til en CSV-fil.',
    'csv.read-error': 'Filen {file} kunne ikke leses ({reason}). Sjekk at den finnes og at du har lov til å lese den.',
    'csv.empty': 'Filen {file} er tom: den har ingen overskriftsrad. Eksporter filen på nytt, med kolonnenavnene på første linje.',
    'csv.spreadsheet':
      '{file} er et regneark (Excel eller lignende), ikke en CSV-fil. Åpne det og lagre som «CSV (semikolondelt)» eller «CSV UTF-8», og importer den filen.',
    'csv.unclosed-quote':
      'Et anførselstegn (") åpner et felt her og lukkes aldri, så resten av filen kan ikke leses. Legg til anførselstegnet som mangler, eller doble anførselstegn som hører til teksten ("").',
    'csv.record-too-large':
      'Denne raden er lengre enn {limit}, og det betyr nesten alltid et anførselstegn (") som aldri lukkes herfra. Legg til anførselstegnet som mangler, eller doble anførselstegn som hører til teksten ("").',
    'csv.record-too-large-unquoted':
      'Denne raden er lengre enn {limit} og har ingen anførselstegn: ingen søknad har en så lang verdi. Sjekk at dette er riktig fil og at linjene slutter der de skal, og gjør verdien kortere eller del den opp.',
    'csv.invalid-utf8':
      'Denne linjen har byte som ikke er UTF-8 ({bytes}), i en fil som ellers er UTF-8: importert ville de blitt til rotete tegn. Skriv tegnene der på nytt (eller rett dem der filen ble laget); er hele filen faktisk Windows-1252, kjør importen med --encoding windows-1252.',
    'csv.nul-byte':
      'Denne linjen har en NUL-byte (et tegn med kode 0), som ikke hører hjemme i en CSV-fil og ofte kommer fra en skadet kopi. Fjern den; er filen UTF-16 («Unicode-tekst»), lagre den på nytt med BOM eller kjør importen med --encoding utf-16le.',
    'csv.too-many-fields': 'Denne raden har {got} felt, men overskriftsraden har {expected}. En verdi som inneholder skilletegnet, må stå i anførselstegn; ellers fjern feltene som er for mye.',
    'csv.too-few-fields': 'Denne raden har {got} felt, men overskriftsraden har {expected}. Legg til feltene som mangler (de kan være tomme), eller slå sammen en rad som er delt over flere linjer.',
    'csv.stray-quote': 'Felt {field} har et anførselstegn (") inne i en verdi som ikke begynner med anførselstegn. Sett hele verdien i anførselstegn og doble anførselstegnet inni (""), eller fjern det.',
    'csv.text-after-quote':
      'Felt {field} begynner med et anførselstegn her, og anførselstegnet som lukker det på linje {endLine}, følges av mer tekst. Doble anførselstegn som hører til teksten (""), eller legg til det som mangler.',
    'csv.malformed': 'Denne raden er ikke gyldig CSV ({detail}). Sjekk anførselstegn og skilletegn på linjen.',
    'csv.delimiter-unknown': '«{value}» er ikke et skilletegn klynge kan lese. Bruk «;», «,» eller tab.',

    'encoding.unknown': '«{value}» er ikke en tegnkoding klynge kan lese. Bruk en av: {encodings}.',
  },
};
