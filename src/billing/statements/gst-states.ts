/**
 * GST state codes (the first two digits of a GSTIN) → names, as listed on the GST portal.
 * Union territories without a legislature levy UTGST instead of SGST on intra-territory supplies
 * (UTGST Act 2017, s.2(8)); Delhi, Puducherry and Jammu & Kashmir have legislatures and use SGST.
 */
const STATES: Readonly<Record<string, { name: string; utgst?: true }>> = {
  '01': { name: 'Jammu and Kashmir' },
  '02': { name: 'Himachal Pradesh' },
  '03': { name: 'Punjab' },
  '04': { name: 'Chandigarh', utgst: true },
  '05': { name: 'Uttarakhand' },
  '06': { name: 'Haryana' },
  '07': { name: 'Delhi' },
  '08': { name: 'Rajasthan' },
  '09': { name: 'Uttar Pradesh' },
  '10': { name: 'Bihar' },
  '11': { name: 'Sikkim' },
  '12': { name: 'Arunachal Pradesh' },
  '13': { name: 'Nagaland' },
  '14': { name: 'Manipur' },
  '15': { name: 'Mizoram' },
  '16': { name: 'Tripura' },
  '17': { name: 'Meghalaya' },
  '18': { name: 'Assam' },
  '19': { name: 'West Bengal' },
  '20': { name: 'Jharkhand' },
  '21': { name: 'Odisha' },
  '22': { name: 'Chhattisgarh' },
  '23': { name: 'Madhya Pradesh' },
  '24': { name: 'Gujarat' },
  '26': { name: 'Dadra and Nagar Haveli and Daman and Diu', utgst: true },
  '27': { name: 'Maharashtra' },
  '29': { name: 'Karnataka' },
  '30': { name: 'Goa' },
  '31': { name: 'Lakshadweep', utgst: true },
  '32': { name: 'Kerala' },
  '33': { name: 'Tamil Nadu' },
  '34': { name: 'Puducherry' },
  '35': { name: 'Andaman and Nicobar Islands', utgst: true },
  '36': { name: 'Telangana' },
  '37': { name: 'Andhra Pradesh' },
  '38': { name: 'Ladakh', utgst: true },
  '97': { name: 'Other Territory' },
};

export function stateName(code: string): string {
  return STATES[code]?.name ?? `unknown state code ${code}`;
}

/** 'UTGST' for union territories without a legislature, else 'SGST'. */
export function stateTaxHead(code: string): 'SGST' | 'UTGST' {
  return STATES[code]?.utgst ? 'UTGST' : 'SGST';
}
