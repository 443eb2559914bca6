import { mulDivRound, toMicroScaled } from '../money.js';
import { stateName, stateTaxHead } from './gst-states.js';

/**
 * GST on a statement (IGST Act s.12(2) for the place of supply, CGST Rule 46 for the invoice).
 *
 * Rounding rule, in this order:
 *  1. taxable value = Σ charged µINR of the month's receipts, rounded half-up to the paisa;
 *  2. tax = taxable value × rate, rounded half-up to the paisa — once, on the whole subtotal
 *     (never per line), so the tax does not depend on how the usage is split;
 *  3. intra-state: CGST = ⌈tax/2⌉ and SGST/UTGST = ⌊tax/2⌋ paise, so the two heads always sum
 *     to exactly the tax (an odd paisa goes to CGST); inter-state: IGST = tax.
 * The place of supply therefore never changes the total payable.
 */

export interface GstSettings {
  rate_pct: number;
  supplier_gstin: string | null;
  supplier_state_code: string | null;
}

export type TaxHead = 'CGST' | 'SGST' | 'UTGST' | 'IGST';

export interface TaxLine {
  head: TaxHead;
  /** Decimal string, e.g. "9". */
  rate_pct: string;
  amount_uinr: number;
}

export interface PlaceOfSupply {
  state_code: string;
  state_name: string;
}

export interface GstBreakdown {
  supply: 'intra_state' | 'inter_state';
  place_of_supply: PlaceOfSupply | null;
  supplier_state: PlaceOfSupply | null;
  taxes: TaxLine[];
  tax_uinr: number;
  notes: string[];
}

const UINR_PER_PAISA = 10_000n;

/** µINR → µINR rounded half-up to a whole paisa (amounts are non-negative). */
export function roundToPaise(uinr: bigint): bigint {
  return mulDivRound(uinr, 1n, UINR_PER_PAISA) * UINR_PER_PAISA;
}

const stateOfGstin = (gstin: string | null): string | null => (gstin && /^\d{2}/.test(gstin) ? gstin.slice(0, 2) : null);
const place = (code: string): PlaceOfSupply => ({ state_code: code, state_name: stateName(code) });

/** pct × 10^6 (integer) → "9", "6.25". */
function pctText(pctMicro: bigint): string {
  const whole = pctMicro / 1_000_000n;
  const frac = (pctMicro % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

/**
 * The recipient's state: the GSTIN's for a registered team (B2B: the registered location), else
 * the state on record. Null when neither is known.
 */
export function recipientState(team: { gstin: string | null; state_code: string | null }): { code: string | null; note: string | null } {
  const fromGstin = stateOfGstin(team.gstin);
  if (fromGstin && team.state_code && fromGstin !== team.state_code) {
    return { code: fromGstin, note: `The team's state code ${team.state_code} differs from its GSTIN's state ${fromGstin}; the GSTIN's state is used as the place of supply.` };
  }
  return { code: fromGstin ?? team.state_code, note: null };
}

export function computeGst(taxableUinr: bigint, settings: GstSettings, recipient: { gstin: string | null; state_code: string | null }): GstBreakdown {
  const notes: string[] = [];
  const rateMicro = toMicroScaled(settings.rate_pct);
  const taxablePaise = taxableUinr / UINR_PER_PAISA;
  if (taxablePaise * UINR_PER_PAISA !== taxableUinr) throw new RangeError('the taxable value must be rounded to the paisa first');
  const taxPaise = mulDivRound(taxablePaise, rateMicro, 100n * 1_000_000n);

  const supplierCode = settings.supplier_state_code ?? stateOfGstin(settings.supplier_gstin);
  const recipientInfo = recipientState(recipient);
  if (recipientInfo.note) notes.push(recipientInfo.note);
  const recipientCode = recipientInfo.code;
  if (!recipientCode) notes.push('Place of supply unknown: the team has no state code or GSTIN on record, so the supply is taxed as inter-state (IGST).');
  if (!supplierCode) notes.push('Supplier state not configured (billing.gst.supplier_state_code): taxed as inter-state (IGST).');

  const intra = supplierCode !== null && recipientCode !== null && supplierCode === recipientCode;
  const taxes: TaxLine[] = intra
    ? [
        { head: 'CGST', rate_pct: pctText(rateMicro / 2n), amount_uinr: Number(((taxPaise + 1n) / 2n) * UINR_PER_PAISA) },
        { head: stateTaxHead(supplierCode), rate_pct: pctText(rateMicro - rateMicro / 2n), amount_uinr: Number((taxPaise / 2n) * UINR_PER_PAISA) },
      ]
    : [{ head: 'IGST', rate_pct: pctText(rateMicro), amount_uinr: Number(taxPaise * UINR_PER_PAISA) }];
  return {
    supply: intra ? 'intra_state' : 'inter_state',
    place_of_supply: recipientCode ? place(recipientCode) : null,
    supplier_state: supplierCode ? place(supplierCode) : null,
    taxes,
    tax_uinr: Number(taxPaise * UINR_PER_PAISA),
    notes,
  };
}
