/**
 * How related conditions are scored: each kind of connection between two conditions adds its weight once per
 * concept that makes it (two shared causes count twice). The score is the sum; ties go by name, then id. The same
 * table is in docs/api.md and in the API's field description.
 */
export const RELATED_WEIGHTS = {
  /** One condition is a feature of the other (OMS has opsoclonus as a feature). */
  FEATURE_OF: 4,
  /** One is a subtype of the other. */
  SUBTYPE: 4,
  /** One causes the other. */
  CAUSES: 4,
  /** One is a cancer associated with the other. */
  ASSOCIATED_CANCER: 4,
  /** One can look like the other. */
  MIMICS: 3,
  /** One makes the other worse. */
  AGGRAVATES: 2,
  /** A concept causes both. */
  SHARED_CAUSE: 3,
  /** Both are associated with the same cancer. */
  SHARED_CANCER: 3,
  /** Both have the same feature, or both are features of the same condition. */
  SHARED_FEATURE: 2,
  /** Both are subtypes of the same condition. */
  SIBLING: 2,
  /** Two SUBTYPE_OF steps apart (grandparent and grandchild). */
  HIERARCHY_2: 1,
  /** Both affect the same body region. */
  SHARED_REGION: 2,
  /** They affect regions one of which is part of the other. */
  REGION_PART: 1,
  /** They affect two parts of the same region. */
  SIBLING_REGIONS: 1,
} as const;

export type RelatedReasonKind = keyof typeof RELATED_WEIGHTS;

/** One reason two conditions are related, with the concepts it goes through. */
export interface RelatedReason {
  kind: RelatedReasonKind;
  weight: number;
  /** The concepts between the two conditions, in path order (empty for a direct link). */
  via: Array<{ id: string; name: string }>;
  /** For a direct link: whether it goes from the asked-about condition to the other (true) or back. */
  outgoing: boolean | null;
}

/** One reason as a readable phrase with its path, e.g. "both are caused by infections (infections → A; infections → B)". */
export function describeReason(reason: RelatedReason, subject: string, other: string): string {
  const via = reason.via.map((v) => v.name);
  const [a = '', b = '', c = ''] = via;
  const direct = (forward: string, backward: string) => (reason.outgoing ? forward : backward);
  switch (reason.kind) {
    case 'FEATURE_OF':
      return direct(`${other} is a feature of ${subject}`, `${subject} is a feature of ${other}`);
    case 'SUBTYPE':
      return direct(`${subject} is a form of ${other}`, `${other} is a form of ${subject}`);
    case 'CAUSES':
      return direct(`${subject} can cause ${other}`, `${other} can cause ${subject}`);
    case 'ASSOCIATED_CANCER':
      return direct(`${subject} is associated with ${other}`, `${other} is associated with ${subject}`);
    case 'MIMICS':
      return direct(`${subject} can look like ${other}`, `${other} can look like ${subject}`);
    case 'AGGRAVATES':
      return direct(`${other} can make ${subject} worse`, `${subject} can make ${other} worse`);
    case 'SHARED_CAUSE':
      return `both can be caused by ${a} (${a} → ${subject}; ${a} → ${other})`;
    case 'SHARED_CANCER':
      return `both are associated with ${a} (${subject} → ${a} ← ${other})`;
    case 'SHARED_FEATURE':
      return reason.outgoing === false
        ? `both are features of ${a} (${a} has ${subject} and ${other})`
        : `both have ${a} as a feature`;
    case 'SIBLING':
      return `both are forms of ${a}`;
    case 'HIERARCHY_2':
      return reason.outgoing
        ? `${subject} is a form of ${a}, a form of ${other}`
        : `${other} is a form of ${a}, a form of ${subject}`;
    case 'SHARED_REGION':
      return `both affect the ${a}`;
    case 'REGION_PART':
      return reason.outgoing
        ? `${subject} affects the ${a}, part of the ${b}, which ${other} affects`
        : `${other} affects the ${b}, part of the ${a}, which ${subject} affects`;
    case 'SIBLING_REGIONS':
      return `${subject} affects the ${a} and ${other} the ${c}, both parts of the ${b}`;
  }
}

/** The explanation an app shows under a related condition: every reason with its path, strongest first. */
export function explain(reasons: RelatedReason[], subject: string, other: string): string {
  const pathOf = (r: RelatedReason) => r.via.map((v) => v.name).join(' ');
  const ordered = [...reasons].sort(
    (x, y) => y.weight - x.weight || x.kind.localeCompare(y.kind) || pathOf(x).localeCompare(pathOf(y)),
  );
  const phrases = ordered.map((r) => describeReason(r, subject, other));
  const text = phrases.join('; ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}
