import { Navigate, useLocation, useParams } from 'react-router';

/**
 * Where the server's notification links lead: a person's plan (/activity/plans/:kind/:period) is
 * the agent's plan page, a team's (/activity/team-plans?kind&period) the supervisor's team plans.
 */
export function OwnPlanRedirect() {
  const { kind, period } = useParams();
  const sp = new URLSearchParams();
  if (kind === 'month') sp.set('kind', 'month');
  if (period) sp.set('period', period);
  return <Navigate to={`/log/plan?${sp.toString()}`} replace />;
}

export function TeamPlansRedirect() {
  const { search } = useLocation();
  return <Navigate to={`/activity/plans${search}`} replace />;
}
