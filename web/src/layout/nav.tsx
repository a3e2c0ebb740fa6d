import {
  AccountBookOutlined,
  AuditOutlined,
  BarChartOutlined,
  DashboardOutlined,
  ScheduleOutlined,
  BellOutlined,
  CheckCircleOutlined,
  ContactsOutlined,
  EditOutlined,
  HomeOutlined,
  ApartmentOutlined,
  FileDoneOutlined,
  QrcodeOutlined,
  TeamOutlined,
  UserOutlined,
  FundOutlined,
  TrophyOutlined,
  ControlOutlined,
  CustomerServiceOutlined,
  FileSearchOutlined,
  SearchOutlined,
  FunnelPlotOutlined,
  OrderedListOutlined,
  RiseOutlined,
  SwapOutlined,
  UnorderedListOutlined,
  IdcardOutlined,
  ProjectOutlined,
  CarryOutOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Action } from '../../../contracts/roles.ts';

export type MenuKey =
  | 'home'
  | 'org'
  | 'people'
  | 'checkin'
  | 'attendanceApprovals'
  | 'attendanceQr'
  | 'attendanceBoard'
  | 'attendanceMonthly'
  | 'attendanceAllowance'
  | 'attendanceSettings'
  | 'activityAnalysis'
  | 'activityLeaderboard'
  | 'activitySettings'
  | 'activityLog'
  | 'activityReview'
  | 'activityPlans'
  | 'prospectNames'
  | 'prospectCards'
  | 'prospectBoard'
  | 'customers'
  | 'todos'
  | 'prospectSpotCheck'
  | 'prospectFunnel'
  | 'prospectSearch'
  | 'prospectAccumulation'
  | 'prospectRubric'
  | 'prospectHandover'
  | 'serviceOverdue'
  | 'audit'
  | 'notifications'
  | 'profile';

export interface NavItem {
  key: MenuKey;
  path: string;
  icon: ReactNode;
  /** i18n key of the label. */
  label: string;
  /** The menu shows the item only when the logged-in role has this action. */
  action?: Action;
  /** Items of one module sit together under a submenu on a desk (i18n key `nav.groups.<group>`). */
  group?: 'attendance' | 'activity' | 'prospect';
}

export const NAV_ITEMS: NavItem[] = [
  { key: 'home', path: '/', icon: <HomeOutlined />, label: 'nav.home' },
  { key: 'org', path: '/org', icon: <ApartmentOutlined />, label: 'nav.org', action: 'org.read' },
  { key: 'people', path: '/people', icon: <TeamOutlined />, label: 'nav.people', action: 'user.read' },
  {
    key: 'checkin',
    group: 'attendance',
    path: '/checkin',
    icon: <CheckCircleOutlined />,
    label: 'attendanceMe.nav.checkin',
    action: 'attendance.checkIn',
  },
  {
    key: 'attendanceApprovals',
    group: 'attendance',
    path: '/attendance/approvals',
    icon: <FileDoneOutlined />,
    label: 'attendanceMe.nav.approvals',
    action: 'attendance.approve',
  },
  {
    key: 'attendanceQr',
    group: 'attendance',
    path: '/attendance/qr',
    icon: <QrcodeOutlined />,
    label: 'attendanceMe.nav.qr',
    action: 'attendance.qr',
  },
  {
    key: 'attendanceBoard',
    group: 'attendance',
    path: '/attendance/board',
    icon: <DashboardOutlined />,
    label: 'attendance.nav.board',
    action: 'attendance.read',
  },
  {
    key: 'attendanceMonthly',
    group: 'attendance',
    path: '/attendance/monthly',
    icon: <BarChartOutlined />,
    label: 'attendance.nav.monthly',
    action: 'attendance.read',
  },
  {
    key: 'attendanceAllowance',
    group: 'attendance',
    path: '/attendance/allowance',
    icon: <AccountBookOutlined />,
    label: 'attendance.nav.allowance',
    action: 'attendance.allowance',
  },
  {
    key: 'attendanceSettings',
    group: 'attendance',
    path: '/attendance/settings',
    icon: <ScheduleOutlined />,
    label: 'attendance.nav.settings',
    action: 'attendance.configure',
  },
  {
    key: 'activityLog',
    group: 'activity',
    path: '/log',
    icon: <EditOutlined />,
    label: 'activityMe.nav.today',
    action: 'activity.log',
  },
  {
    key: 'activityReview',
    group: 'activity',
    path: '/activity/review',
    icon: <FileDoneOutlined />,
    label: 'activityMe.nav.review',
    action: 'activity.review',
  },
  {
    key: 'activityPlans',
    group: 'activity',
    path: '/activity/plans',
    icon: <ScheduleOutlined />,
    label: 'activityMe.nav.teamPlans',
    action: 'activity.review',
  },
  {
    key: 'activityAnalysis',
    group: 'activity',
    path: '/activity/analysis',
    icon: <FundOutlined />,
    label: 'activity.nav.analysis',
    action: 'activity.read',
  },
  {
    key: 'activityLeaderboard',
    group: 'activity',
    path: '/activity/leaderboard',
    icon: <TrophyOutlined />,
    label: 'activity.nav.leaderboard',
    action: 'activity.read',
  },
  {
    key: 'activitySettings',
    group: 'activity',
    path: '/activity/settings',
    icon: <ControlOutlined />,
    label: 'activity.nav.settings',
    action: 'activity.configure',
  },
  {
    key: 'prospectNames',
    group: 'prospect',
    path: '/prospects/names',
    icon: <UnorderedListOutlined />,
    label: 'prospectMe.nav.names',
    action: 'prospect.own',
  },
  {
    key: 'prospectCards',
    group: 'prospect',
    path: '/prospects/cards',
    icon: <IdcardOutlined />,
    label: 'prospectMe.nav.cards',
    action: 'prospect.own',
  },
  {
    key: 'prospectBoard',
    group: 'prospect',
    path: '/prospects/board',
    icon: <ProjectOutlined />,
    label: 'prospectMe.nav.board',
    action: 'prospect.own',
  },
  {
    key: 'customers',
    group: 'prospect',
    path: '/customers',
    icon: <ContactsOutlined />,
    label: 'prospectMe.nav.customers',
    action: 'prospect.own',
  },
  {
    key: 'todos',
    group: 'prospect',
    path: '/todos',
    icon: <CarryOutOutlined />,
    label: 'prospectMe.nav.todos',
    action: 'prospect.own',
  },
  {
    key: 'prospectSpotCheck',
    group: 'prospect',
    path: '/prospects/spot-check',
    icon: <FileSearchOutlined />,
    label: 'prospect.nav.spotCheck',
    action: 'prospect.spotCheck',
  },
  {
    key: 'prospectFunnel',
    group: 'prospect',
    path: '/prospects/funnel',
    icon: <FunnelPlotOutlined />,
    label: 'prospect.nav.funnel',
    action: 'prospect.read',
  },
  {
    key: 'prospectSearch',
    group: 'prospect',
    path: '/prospects/search',
    icon: <SearchOutlined />,
    label: 'prospectDesk.nav.cards',
    action: 'prospect.read',
  },
  {
    key: 'prospectAccumulation',
    group: 'prospect',
    path: '/prospects/accumulation',
    icon: <RiseOutlined />,
    label: 'prospect.nav.accumulation',
    action: 'prospect.read',
  },
  {
    key: 'serviceOverdue',
    group: 'prospect',
    path: '/service/overdue',
    icon: <CustomerServiceOutlined />,
    label: 'prospect.nav.overdue',
    action: 'prospect.read',
  },
  {
    key: 'prospectHandover',
    group: 'prospect',
    path: '/customers/handover',
    icon: <SwapOutlined />,
    label: 'prospect.nav.handover',
    action: 'prospect.handover',
  },
  {
    key: 'prospectRubric',
    group: 'prospect',
    path: '/prospects/rubric',
    icon: <OrderedListOutlined />,
    label: 'prospect.nav.rubric',
    action: 'prospect.configure',
  },
  { key: 'audit', path: '/audit', icon: <AuditOutlined />, label: 'nav.audit', action: 'audit.read' },
  { key: 'notifications', path: '/notifications', icon: <BellOutlined />, label: 'nav.notifications' },
  { key: 'profile', path: '/me', icon: <UserOutlined />, label: 'nav.profile' },
];

export function navItemsFor(actions: readonly Action[]): NavItem[] {
  return NAV_ITEMS.filter((i) => !i.action || actions.includes(i.action));
}

/** The menu entry a path belongs to (/people/123 → people). */
export function menuKeyOf(pathname: string): MenuKey {
  const first = pathname.split('/')[1] ?? '';
  if (first === 'me') return 'profile';
  // The longest menu path the page lies under (/attendance/qr before a plain /attendance).
  const hit = NAV_ITEMS.filter(
    (i) => i.path !== '/' && (pathname === i.path || pathname.startsWith(`${i.path}/`)),
  ).sort((a, b) => b.path.length - a.path.length)[0];
  return hit?.key ?? 'home';
}

export type TabKey = 'home' | 'checkin' | 'log' | 'customers' | 'me';

export interface TabItem {
  key: TabKey;
  path: string;
  icon: ReactNode;
  label: string;
}

/** The agent's bottom tab bar, in the order of UI.md. */
export const TAB_ITEMS: TabItem[] = [
  { key: 'home', path: '/', icon: <HomeOutlined />, label: 'tabs.home' },
  { key: 'checkin', path: '/checkin', icon: <CheckCircleOutlined />, label: 'tabs.checkin' },
  { key: 'log', path: '/log', icon: <EditOutlined />, label: 'tabs.log' },
  { key: 'customers', path: '/customers', icon: <ContactsOutlined />, label: 'tabs.customers' },
  { key: 'me', path: '/me', icon: <UserOutlined />, label: 'tabs.me' },
];

/** Pages outside the five tabs (people, org, notifications…) are reached from 我的, so it stays lit. */
export function tabKeyOf(pathname: string): TabKey {
  const first = pathname.split('/')[1] ?? '';
  if (first === '') return 'home';
  // A coaching record is feedback on the agent's log: it belongs to the log tab.
  if (pathname.startsWith('/activity/coaching')) return 'log';
  // Names, cards, the board, to-dos and a handover's page sit behind the customers tab.
  if (first === 'prospects' || first === 'todos' || first === 'handovers') return 'customers';
  const hit = TAB_ITEMS.find((i) => i.path === `/${first}`);
  return hit?.key ?? 'me';
}
