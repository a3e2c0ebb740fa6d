/**
 * Table types for Kysely. Conventions: ids are UUIDv7 text, instants ISO-8601 UTC text,
 * business dates YYYY-MM-DD text, flags integer 0/1 (the same on SQLite and PostgreSQL).
 */


export interface TenantTable {
  id: string;
  code: string;
  name: string;
  time_zone: string;
  settings: string;
  created_at: string;
}

export interface OrgUnitTable {
  id: string;
  tenant_id: string;
  parent_id: string | null;
  name: string;
  kind: string;
  leader_user_id: string | null;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

export interface OrgUnitClosureTable {
  tenant_id: string;
  ancestor_id: string;
  descendant_id: string;
  depth: number;
}

export interface RankTable {
  id: string;
  tenant_id: string;
  name: string;
  level: number;
  created_at: string;
}

export interface UserTable {
  id: string;
  tenant_id: string;
  username: string;
  password_hash: string;
  display_name: string;
  role: string;
  unit_id: string;
  rank_id: string | null;
  phone: string | null;
  id_number: string | null;
  gender: string | null;
  birth_date: string | null;
  join_date: string | null;
  recruiter_id: string | null;
  status: string;
  leave_date: string | null;
  must_change_password: number;
  password_changed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface UnitMembershipTable {
  id: string;
  tenant_id: string;
  user_id: string;
  unit_id: string;
  start_date: string;
  end_date: string | null;
  created_at: string;
}

export interface FunctionalGroupTable {
  id: string;
  tenant_id: string;
  unit_id: string;
  name: string;
  system: string;
  lead_user_id: string | null;
  duties: string;
  created_at: string;
  updated_at: string;
}

export interface FunctionalGroupMemberTable {
  group_id: string;
  tenant_id: string;
  user_id: string;
  duty: string;
  created_at: string;
}

export interface SessionTable {
  id: string;
  tenant_id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
  revoked_at: string | null;
}

export interface LoginAttemptTable {
  id: string;
  username: string;
  ip: string;
  at: string;
  success: number;
}

export interface AuditLogTable {
  id: string;
  tenant_id: string;
  actor_id: string | null;
  at: string;
  entity: string;
  entity_id: string;
  action: string;
  before_json: string | null;
  after_json: string | null;
  request_id: string | null;
  ip: string | null;
}

export interface ArchiveDocumentTable {
  id: string;
  tenant_id: string;
  user_id: string;
  doc_type: string;
  title: string;
  file_name: string;
  mime_type: string;
  size_bytes: number;
  expiry_date: string | null;
  uploaded_by: string;
  created_at: string;
}

export interface ArchiveFileTable {
  document_id: string;
  content: Buffer;
}

export interface HonourTable {
  id: string;
  tenant_id: string;
  user_id: string;
  kind: string;
  title: string;
  date: string;
  description: string;
  created_by: string;
  created_at: string;
}

export interface NotificationTable {
  id: string;
  tenant_id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  params_json: string | null;
  created_at: string;
  read_at: string | null;
  /** Set by senders that must notify at most once per key (retried jobs, repeated reminders). */
  dedupe_key: string | null;
}

export interface JobTable {
  id: string;
  name: string;
  payload_json: string;
  run_at: string;
  status: string;
  attempts: number;
  max_attempts: number;
  unique_key: string | null;
  locked_at: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface JobScheduleTable {
  name: string;
  cron: string;
  payload_json: string;
  next_run_at: string;
  updated_at: string;
}


export interface AttendanceCalendarDayTable {
  tenant_id: string;
  date: string;
  kind: string;
  name: string | null;
  updated_by: string | null;
  updated_at: string;
}

export interface AttendanceRuleSetTable {
  tenant_id: string;
  scope_key: string;
  rules: string;
  updated_by: string | null;
  updated_at: string;
}

export interface AttendanceLocationTable {
  id: string;
  tenant_id: string;
  name: string;
  lat: number;
  lng: number;
  radius_m: number;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface AttendanceQrKeyTable {
  tenant_id: string;
  secret: string;
  created_at: string;
}

export interface AttendanceRecordTable {
  id: string;
  tenant_id: string;
  user_id: string;
  unit_id: string;
  date: string;
  month: string;
  status: string;
  check_in_at: string | null;
  check_out_at: string | null;
  early_leave: number;
  method: string;
  leave_type: string | null;
  leave_counts: string | null;
  request_id: string | null;
  delayed: number;
  outside_geofence: number;
  lat: number | null;
  lng: number | null;
  note: string | null;
  recorded_by: string | null;
  idempotency_key: string | null;
  created_at: string;
  updated_at: string;
}

export interface AttendanceMonthStatsTable {
  tenant_id: string;
  user_id: string;
  month: string;
  present: number;
  late: number;
  absent: number;
  leave_attended: number;
  leave_excused: number;
  leave_unexcused: number;
  early_leave: number;
}

export interface AttendanceRequestTable {
  id: string;
  tenant_id: string;
  user_id: string;
  unit_id: string;
  kind: string;
  leave_type: string | null;
  start_date: string;
  end_date: string;
  time: string | null;
  reason: string;
  status: string;
  decided_by: string | null;
  decision_comment: string | null;
  decided_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface AttendanceDayCloseTable {
  tenant_id: string;
  date: string;
  absent_count: number;
  closed_at: string;
}

export interface AttendanceAllowanceBaseTable {
  tenant_id: string;
  user_id: string;
  month: string;
  base_fen: number;
  updated_by: string | null;
  updated_at: string;
}

// ---- Activity management --------------------------------------------------------------------

export interface ActivityTypeTable {
  id: string;
  tenant_id: string;
  code: string;
  name: string;
  name_en: string;
  stage: string;
  active: number;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

export interface ActivityTypePointsTable {
  tenant_id: string;
  type_id: string;
  effective_from: string;
  points_milli: number;
  created_by: string | null;
  created_at: string;
}

export interface ActivityTable {
  id: string;
  tenant_id: string;
  user_id: string;
  unit_id: string;
  type_id: string;
  stage: string;
  date: string;
  occurred_at: string;
  points_milli: number;
  premium_fen: number | null;
  prospect_id: string | null;
  prospect_name: string | null;
  outcome: string | null;
  notes: string | null;
  next_step: string | null;
  next_step_date: string | null;
  partner_id: string | null;
  late_entry: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface WorkLogTable {
  id: string;
  tenant_id: string;
  user_id: string;
  unit_id: string;
  date: string;
  status: string;
  summary: string | null;
  tomorrow_plan: string | null;
  no_activity: number;
  submitted_at: string | null;
  reviewed_at: string | null;
  reviewed_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface WorkLogCommentTable {
  id: string;
  tenant_id: string;
  log_id: string;
  activity_id: string | null;
  author_id: string;
  body: string;
  created_at: string;
}

export interface CoachingRecordTable {
  id: string;
  tenant_id: string;
  user_id: string;
  unit_id: string;
  coach_id: string;
  log_id: string | null;
  date: string;
  topic: string;
  agreed: string;
  follow_up_date: string | null;
  reply: string | null;
  replied_at: string | null;
  followed_up_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ActivityPlanTable {
  id: string;
  tenant_id: string;
  user_id: string;
  unit_id: string;
  period_kind: string;
  period: string;
  date_from: string;
  date_to: string;
  status: string;
  items: string;
  target_points_milli: number;
  sprint_points_milli: number;
  challenge_points_milli: number;
  note: string | null;
  review_comment: string | null;
  approved_by: string | null;
  approved_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ActivityStandardTable {
  tenant_id: string;
  scope_key: string;
  items: string;
  points_per_workday_milli: number;
  updated_by: string | null;
  updated_at: string;
}

export interface SkillAssessmentTable {
  id: string;
  tenant_id: string;
  user_id: string;
  unit_id: string;
  period: string;
  self_ratings: string | null;
  self_note: string | null;
  self_at: string | null;
  supervisor_ratings: string | null;
  supervisor_note: string | null;
  supervisor_id: string | null;
  supervisor_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ActivitySettingsTable {
  tenant_id: string;
  settings: string;
  updated_by: string | null;
  updated_at: string;
}

export interface ActivityDayTable {
  tenant_id: string;
  user_id: string;
  date: string;
  unit_id: string;
  activities: number;
  points_milli: number;
  contacts: number;
  interviews: number;
  proposals: number;
  closings: number;
  sales: number;
  premium_fen: number;
  log_submitted: number;
  log_reviewed: number;
  log_reviewed_24h: number;
}

export interface ActivityDayTypeTable {
  tenant_id: string;
  user_id: string;
  date: string;
  type_id: string;
  unit_id: string;
  count: number;
  points_milli: number;
}

export interface ProspectRubricTable {
  id: string;
  tenant_id: string;
  version: number;
  /** JSON: [{ key, label, labelEn, options: [{ key, label, labelEn, points }] }] */
  criteria: string;
  grade_a_min: number;
  grade_b_min: number;
  created_by: string | null;
  created_at: string;
}

export interface PlanNameTable {
  id: string;
  tenant_id: string;
  owner_id: string;
  unit_id: string;
  name: string;
  name_key: string;
  category: string;
  phone: string | null;
  note: string | null;
  excluded: number;
  score: number | null;
  grade: string | null;
  rubric_version: number | null;
  /** JSON: { criterionKey: optionKey } */
  answers: string | null;
  scored_at: string | null;
  prospect_id: string | null;
  erased_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface ProspectTable {
  id: string;
  tenant_id: string;
  owner_id: string;
  unit_id: string;
  name_id: string | null;
  name: string;
  phone: string | null;
  id_number: string | null;
  gender: string | null;
  birth_date: string | null;
  family: string | null;
  occupation: string | null;
  income_band: string | null;
  needs: string | null;
  source: string;
  referrer_prospect_id: string | null;
  referrer_customer_id: string | null;
  campaign_ref: string | null;
  grade: string | null;
  score: number | null;
  rubric_version: number | null;
  stage: string;
  stage_reason: string | null;
  stage_changed_at: string;
  next_follow_up: string | null;
  /** JSON array of strings */
  tags: string | null;
  consent_note: string | null;
  consent_date: string | null;
  customer_id: string | null;
  erased_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface ProspectStageChangeTable {
  id: string;
  tenant_id: string;
  prospect_id: string;
  owner_id: string;
  unit_id: string;
  from_stage: string | null;
  to_stage: string;
  reason: string | null;
  changed_at: string;
  changed_by: string;
}

export interface SpotCheckTable {
  id: string;
  tenant_id: string;
  agent_id: string;
  unit_id: string;
  supervisor_id: string;
  sample_size: number;
  created_at: string;
}

export interface SpotCheckItemTable {
  id: string;
  tenant_id: string;
  spot_check_id: string;
  prospect_id: string;
  comment: string | null;
  commented_at: string | null;
  seen_at: string | null;
}

export interface HouseholdTable {
  id: string;
  tenant_id: string;
  owner_id: string;
  unit_id: string;
  name: string;
  created_at: string;
  updated_at: string;
}

export interface CustomerTable {
  id: string;
  tenant_id: string;
  owner_id: string;
  unit_id: string;
  household_id: string | null;
  household_role: string | null;
  prospect_id: string | null;
  name: string;
  phone: string | null;
  id_number: string | null;
  gender: string | null;
  birth_date: string | null;
  address: string | null;
  notes: string | null;
  erased_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface PolicyTable {
  id: string;
  tenant_id: string;
  owner_id: string;
  unit_id: string;
  customer_id: string;
  household_id: string | null;
  policy_no: string;
  product: string;
  coverage_kind: string;
  sum_assured_fen: number | null;
  insured_name: string;
  beneficiary_name: string | null;
  premium_fen: number;
  payment_mode: string;
  payment_term_years: number | null;
  effective_date: string;
  status: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface ServiceRequestTable {
  id: string;
  tenant_id: string;
  owner_id: string;
  unit_id: string;
  customer_id: string;
  policy_id: string | null;
  kind: string;
  status: string;
  due_date: string;
  notes: string | null;
  activity_id: string | null;
  satisfaction: number | null;
  completed_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface HandoverTable {
  id: string;
  tenant_id: string;
  from_user_id: string;
  to_user_id: string;
  reason: string;
  note: string | null;
  created_by: string;
  created_at: string;
}

export interface HandoverItemTable {
  handover_id: string;
  entity: string;
  entity_id: string;
}

export interface Database {
  tenants: TenantTable;
  org_units: OrgUnitTable;
  org_unit_closure: OrgUnitClosureTable;
  ranks: RankTable;
  users: UserTable;
  unit_memberships: UnitMembershipTable;
  functional_groups: FunctionalGroupTable;
  functional_group_members: FunctionalGroupMemberTable;
  sessions: SessionTable;
  login_attempts: LoginAttemptTable;
  audit_log: AuditLogTable;
  archive_documents: ArchiveDocumentTable;
  archive_files: ArchiveFileTable;
  honours: HonourTable;
  notifications: NotificationTable;
  jobs: JobTable;
  job_schedules: JobScheduleTable;
  attendance_calendar_days: AttendanceCalendarDayTable;
  attendance_rule_sets: AttendanceRuleSetTable;
  attendance_locations: AttendanceLocationTable;
  attendance_qr_keys: AttendanceQrKeyTable;
  attendance_records: AttendanceRecordTable;
  attendance_month_stats: AttendanceMonthStatsTable;
  attendance_requests: AttendanceRequestTable;
  attendance_day_closes: AttendanceDayCloseTable;
  attendance_allowance_bases: AttendanceAllowanceBaseTable;
  activity_types: ActivityTypeTable;
  activity_type_points: ActivityTypePointsTable;
  activities: ActivityTable;
  work_logs: WorkLogTable;
  work_log_comments: WorkLogCommentTable;
  coaching_records: CoachingRecordTable;
  activity_plans: ActivityPlanTable;
  activity_standards: ActivityStandardTable;
  skill_assessments: SkillAssessmentTable;
  activity_settings: ActivitySettingsTable;
  activity_days: ActivityDayTable;
  activity_day_types: ActivityDayTypeTable;
  prospect_rubrics: ProspectRubricTable;
  plan_names: PlanNameTable;
  prospects: ProspectTable;
  prospect_stage_changes: ProspectStageChangeTable;
  spot_checks: SpotCheckTable;
  spot_check_items: SpotCheckItemTable;
  households: HouseholdTable;
  customers: CustomerTable;
  policies: PolicyTable;
  service_requests: ServiceRequestTable;
  handovers: HandoverTable;
  handover_items: HandoverItemTable;
}
