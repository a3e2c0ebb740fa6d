import { lazy, type ReactNode } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import type { Action } from '../../contracts/roles.ts';
import { NotFoundPage } from './components/ErrorState.tsx';
import { RequireAction } from './components/RequireAction.tsx';
import { RequireAuth } from './features/auth/RequireAuth.tsx';
import { LoginPage } from './features/auth/LoginPage.tsx';
import { OwnPlanRedirect, TeamPlansRedirect } from './features/activity-me/redirects.tsx';
import { AppLayout } from './layout/AppLayout.tsx';

// Pages load on first visit: an agent on a phone never downloads the audit log or the org editor.
const HomePage = lazy(() => import('./features/home/HomePage.tsx'));
const OrgPage = lazy(() => import('./features/org/OrgPage.tsx'));
const PeoplePage = lazy(() => import('./features/people/PeoplePage.tsx'));
const PersonPage = lazy(() => import('./features/person/PersonPage.tsx'));
const AuditPage = lazy(() => import('./features/audit/AuditPage.tsx'));
const NotificationsPage = lazy(() => import('./features/notifications/NotificationsPage.tsx'));
const ProfilePage = lazy(() => import('./features/me/ProfilePage.tsx'));
const SessionsPage = lazy(() => import('./features/me/SessionsPage.tsx'));
const PasswordPage = lazy(() => import('./features/me/PasswordPage.tsx'));
const CheckInPage = lazy(() => import('./features/attendance-me/CheckInPage.tsx'));
const MyMonthPage = lazy(() => import('./features/attendance-me/MyMonthPage.tsx'));
const MyRequestsPage = lazy(() => import('./features/attendance-me/MyRequestsPage.tsx'));
const ApprovalsPage = lazy(() => import('./features/attendance-me/ApprovalsPage.tsx'));
const QrScreenPage = lazy(() => import('./features/attendance-me/QrScreenPage.tsx'));
const BoardPage = lazy(() => import('./features/attendance/board/BoardPage.tsx'));
const MonthlyPage = lazy(() => import('./features/attendance/monthly/MonthlyPage.tsx'));
const AllowancePage = lazy(() => import('./features/attendance/allowance/AllowancePage.tsx'));
const AttendanceSettingsPage = lazy(() => import('./features/attendance/settings/SettingsPage.tsx'));
const ActivityAnalysisPage = lazy(() => import('./features/activity/analysis/AnalysisPage.tsx'));
const ActivityLeaderboardPage = lazy(() => import('./features/activity/leaderboard/LeaderboardPage.tsx'));
const ActivitySettingsPage = lazy(() => import('./features/activity/settings/SettingsPage.tsx'));
const LogTodayPage = lazy(() => import('./features/activity-me/TodayPage.tsx'));
const LogWeekPage = lazy(() => import('./features/activity-me/WeekPage.tsx'));
const LogPlanPage = lazy(() => import('./features/activity-me/PlanPage.tsx'));
const LogRankPage = lazy(() => import('./features/activity-me/RankPage.tsx'));
const LogSkillsPage = lazy(() => import('./features/activity-me/SkillsPage.tsx'));
const ActivityReviewPage = lazy(() => import('./features/activity-me/ReviewPage.tsx'));
const TeamPlansPage = lazy(() => import('./features/activity-me/TeamPlansPage.tsx'));
const CoachingPage = lazy(() => import('./features/activity-me/CoachingPage.tsx'));
const SpotCheckPage = lazy(() => import('./features/prospect/spot-check/SpotCheckPage.tsx'));
const FunnelPage = lazy(() => import('./features/prospect/funnel/FunnelPage.tsx'));
const CardSearchPage = lazy(() => import('./features/prospect/cards/CardSearchPage.tsx'));
const AccumulationPage = lazy(() => import('./features/prospect/accumulation/AccumulationPage.tsx'));
const RubricPage = lazy(() => import('./features/prospect/rubric/RubricPage.tsx'));
const HandoverPage = lazy(() => import('./features/prospect/handover/HandoverPage.tsx'));
const HandoverDetailPage = lazy(() => import('./features/prospect/handover/HandoverDetailPage.tsx'));
const ServiceOverduePage = lazy(() => import('./features/prospect/service/OverduePage.tsx'));
const NamesPage = lazy(() => import('./features/prospect-me/NamesPage.tsx'));
const CardsPage = lazy(() => import('./features/prospect-me/CardsPage.tsx'));
const CardPage = lazy(() => import('./features/prospect-me/CardPage.tsx'));
const ProspectBoardPage = lazy(() => import('./features/prospect-me/BoardPage.tsx'));
const ChecksPage = lazy(() => import('./features/prospect-me/ChecksPage.tsx'));
const CustomersPage = lazy(() => import('./features/prospect-me/CustomersPage.tsx'));
const CustomerPage = lazy(() => import('./features/prospect-me/CustomerPage.tsx'));
const TodosPage = lazy(() => import('./features/prospect-me/TodosPage.tsx'));

/** Route metadata read by the layout: the breadcrumb label (i18n key) of each level. */
export interface RouteHandle {
  crumb?: string;
}

function guarded(action: Action, element: ReactNode) {
  return <RequireAction action={action}>{element}</RequireAction>;
}

const appRoutes: RouteObject[] = [
  { index: true, element: <HomePage /> },
  { path: 'org', handle: { crumb: 'nav.org' }, element: guarded('org.read', <OrgPage />) },
  {
    path: 'people',
    handle: { crumb: 'nav.people' },
    children: [
      { index: true, element: guarded('user.read', <PeoplePage />) },
      { path: ':id', handle: { crumb: 'nav.person' }, element: guarded('user.read', <PersonPage />) },
    ],
  },
  { path: 'audit', handle: { crumb: 'nav.audit' }, element: guarded('audit.read', <AuditPage />) },
  { path: 'notifications', handle: { crumb: 'nav.notifications' }, element: <NotificationsPage /> },
  {
    path: 'me',
    handle: { crumb: 'nav.profile' },
    children: [
      { index: true, element: <ProfilePage /> },
      { path: 'sessions', handle: { crumb: 'nav.sessions' }, element: <SessionsPage /> },
      { path: 'password', handle: { crumb: 'nav.password' }, element: <PasswordPage /> },
    ],
  },
  {
    path: 'checkin',
    handle: { crumb: 'nav.checkin' },
    children: [
      { index: true, element: guarded('attendance.checkIn', <CheckInPage />) },
      {
        path: 'month',
        handle: { crumb: 'attendanceMe.nav.month' },
        element: guarded('attendance.checkIn', <MyMonthPage />),
      },
      {
        path: 'requests',
        handle: { crumb: 'attendanceMe.nav.requests' },
        element: guarded('attendance.checkIn', <MyRequestsPage />),
      },
    ],
  },
  {
    path: 'attendance/approvals',
    handle: { crumb: 'attendanceMe.nav.approvals' },
    element: guarded('attendance.approve', <ApprovalsPage />),
  },
  {
    path: 'attendance/qr',
    handle: { crumb: 'attendanceMe.nav.qr' },
    element: guarded('attendance.qr', <QrScreenPage />),
  },
  {
    path: 'attendance/board',
    handle: { crumb: 'attendance.nav.board' },
    element: guarded('attendance.read', <BoardPage />),
  },
  {
    path: 'attendance/monthly',
    handle: { crumb: 'attendance.nav.monthly' },
    element: guarded('attendance.read', <MonthlyPage />),
  },
  {
    path: 'attendance/allowance',
    handle: { crumb: 'attendance.nav.allowance' },
    element: guarded('attendance.allowance', <AllowancePage />),
  },
  {
    path: 'attendance/settings',
    handle: { crumb: 'attendance.nav.settings' },
    element: guarded('attendance.configure', <AttendanceSettingsPage />),
  },
  {
    path: 'activity/analysis',
    handle: { crumb: 'activity.nav.analysis' },
    element: guarded('activity.read', <ActivityAnalysisPage />),
  },
  {
    path: 'activity/leaderboard',
    handle: { crumb: 'activity.nav.leaderboard' },
    element: guarded('activity.read', <ActivityLeaderboardPage />),
  },
  {
    path: 'activity/settings',
    handle: { crumb: 'activity.nav.settings' },
    element: guarded('activity.configure', <ActivitySettingsPage />),
  },
  {
    path: 'activity/review',
    handle: { crumb: 'activityMe.nav.review' },
    element: guarded('activity.review', <ActivityReviewPage />),
  },
  {
    path: 'activity/plans',
    handle: { crumb: 'activityMe.nav.teamPlans' },
    element: guarded('activity.review', <TeamPlansPage />),
  },
  {
    path: 'activity/coaching',
    handle: { crumb: 'activityMe.nav.coaching' },
    element: guarded('activity.log', <CoachingPage />),
  },
  // Desk pages of prospects and customers: spot-checks, funnel, card search, accumulation, rubric, handover, service.
  {
    path: 'prospects/spot-check',
    handle: { crumb: 'prospect.nav.spotCheck' },
    element: guarded('prospect.spotCheck', <SpotCheckPage />),
  },
  {
    path: 'prospects/funnel',
    handle: { crumb: 'prospect.nav.funnel' },
    element: guarded('prospect.read', <FunnelPage />),
  },
  {
    path: 'prospects/search',
    handle: { crumb: 'prospectDesk.nav.cards' },
    children: [
      { index: true, element: guarded('prospect.read', <CardSearchPage />) },
      {
        // An agent's card as a lead opens it from the search: under the search, not "my cards".
        path: ':id',
        handle: { crumb: 'prospectMe.nav.card' },
        element: guarded('prospect.read', <CardPage />),
      },
    ],
  },
  {
    path: 'prospects/accumulation',
    handle: { crumb: 'prospect.nav.accumulation' },
    element: guarded('prospect.read', <AccumulationPage />),
  },
  {
    path: 'prospects/rubric',
    handle: { crumb: 'prospect.nav.rubric' },
    element: guarded('prospect.configure', <RubricPage />),
  },
  {
    path: 'customers/handover',
    handle: { crumb: 'prospect.nav.handover' },
    element: guarded('prospect.handover', <HandoverPage />),
  },
  {
    path: 'service/overdue',
    handle: { crumb: 'prospect.nav.overdue' },
    element: guarded('prospect.read', <ServiceOverduePage />),
  },
  // Notification links of plans.
  { path: 'activity/plans/:kind/:period', element: <OwnPlanRedirect /> },
  { path: 'activity/team-plans', element: <TeamPlansRedirect /> },
  {
    path: 'log',
    handle: { crumb: 'nav.log' },
    children: [
      { index: true, element: guarded('activity.log', <LogTodayPage />) },
      {
        path: 'week',
        handle: { crumb: 'activityMe.nav.week' },
        element: guarded('activity.log', <LogWeekPage />),
      },
      {
        path: 'plan',
        handle: { crumb: 'activityMe.nav.plan' },
        element: guarded('activity.log', <LogPlanPage />),
      },
      {
        path: 'rank',
        handle: { crumb: 'activityMe.nav.rank' },
        element: guarded('activity.log', <LogRankPage />),
      },
      {
        path: 'skills',
        handle: { crumb: 'activityMe.nav.skills' },
        element: guarded('activity.log', <LogSkillsPage />),
      },
    ],
  },
  // Everyone's own names, cards, board, customers and to-dos (the agent's 客户 tab).
  {
    path: 'prospects/names',
    handle: { crumb: 'prospectMe.nav.names' },
    element: guarded('prospect.own', <NamesPage />),
  },
  {
    path: 'prospects/cards',
    handle: { crumb: 'prospectMe.nav.cards' },
    children: [
      { index: true, element: guarded('prospect.own', <CardsPage />) },
      {
        path: ':id',
        handle: { crumb: 'prospectMe.nav.card' },
        element: guarded('prospect.own', <CardPage />),
      },
    ],
  },
  {
    path: 'prospects/board',
    handle: { crumb: 'prospectMe.nav.board' },
    element: guarded('prospect.own', <ProspectBoardPage />),
  },
  {
    path: 'prospects/checks',
    handle: { crumb: 'prospectMe.nav.checks' },
    element: guarded('prospect.own', <ChecksPage />),
  },
  {
    path: 'customers',
    handle: { crumb: 'nav.customers' },
    children: [
      { index: true, element: guarded('prospect.own', <CustomersPage />) },
      {
        path: ':id',
        handle: { crumb: 'prospectMe.nav.customer' },
        element: guarded('prospect.own', <CustomerPage />),
      },
    ],
  },
  {
    path: 'todos',
    handle: { crumb: 'prospectMe.nav.todos' },
    element: guarded('prospect.own', <TodosPage />),
  },
  // Where handover notifications lead: the receiving agent, the agent who gave them up and managers.
  {
    path: 'handovers/:id',
    handle: { crumb: 'prospect.nav.handover' },
    element: guarded('prospect.own', <HandoverDetailPage />),
  },
  { path: '*', element: <NotFoundPage /> },
];

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    handle: { crumb: 'nav.home' },
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: appRoutes,
  },
]);
