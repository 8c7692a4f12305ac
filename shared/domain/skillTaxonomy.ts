/**
 * A tenant's skills taxonomy (issue 16): domains (seed 000's `javascript`) holding skills
 * (`fundamentals`, `async_programming`, …). Skill ids are unique across the tenant, so a lesson's or
 * course's `skills` entry names exactly one skill of one domain.
 */

export interface TaxonomySkill {
  id: string;
  name: string;
}

export interface TaxonomyDomain {
  id: string;
  name: string;
  skills: TaxonomySkill[];
}

export interface SkillTaxonomy {
  domains: TaxonomyDomain[];
}

/** A problem with a taxonomy or a skill reference: the request field and why. */
export interface TaxonomyIssue {
  field: string;
  message: string;
}

/** Duplicate domain ids and skill ids (a skill id may appear in one domain only). */
export function taxonomyIssues(taxonomy: SkillTaxonomy, base = 'body'): TaxonomyIssue[] {
  const issues: TaxonomyIssue[] = [];
  const domains = new Set<string>();
  const skills = new Map<string, string>();
  taxonomy.domains.forEach((domain, d) => {
    if (domains.has(domain.id)) issues.push({ field: `${base}.domains.${d}.id`, message: `Duplicate domain id "${domain.id}"` });
    domains.add(domain.id);
    domain.skills.forEach((skill, s) => {
      const owner = skills.get(skill.id);
      if (owner !== undefined) issues.push({ field: `${base}.domains.${d}.skills.${s}.id`, message: `Skill id "${skill.id}" is already in domain "${owner}"` });
      else skills.set(skill.id, domain.id);
    });
  });
  return issues;
}

/** Skill id → its domain and name. */
export function skillIndex(taxonomy: SkillTaxonomy): Map<string, { domainId: string; name: string }> {
  const index = new Map<string, { domainId: string; name: string }>();
  for (const domain of taxonomy.domains) for (const skill of domain.skills) index.set(skill.id, { domainId: domain.id, name: skill.name });
  return index;
}

/**
 * The entries of `skills` that the taxonomy does not hold, as request issues (`<field>.<index>`). A tenant
 * without a taxonomy (null) accepts any skill: the check starts once an admin defines one, so catalogs
 * authored before issue 16 keep working.
 */
export function unknownSkillIssues(taxonomy: SkillTaxonomy | null, skills: readonly string[] | undefined, field: string): TaxonomyIssue[] {
  if (!taxonomy || !skills) return [];
  const index = skillIndex(taxonomy);
  return skills.flatMap((skill, i) => (index.has(skill) ? [] : [{ field: `${field}.${i}`, message: `Unknown skill "${skill}": not in the organization's skills taxonomy` }]));
}
