// The hook for what a customer may see of their own car once they proved its lounge code at the
// lounge board. The video issue registers the bay camera's live view here; the dialog renders every
// registered component under the job's progress, and nothing (no button, no placeholder) while none is.
import type { Component } from 'svelte';
import type { LoungeJobDetail } from '@glassbay/protocol';
import LoungeVideo from '../live/LoungeVideo.svelte';

export interface LoungeJobExtraProps {
  /** The job as the hub returned it after the lounge code was checked. */
  job: LoungeJobDetail;
  /** The lounge code the customer typed (the video module may exchange it for a viewing token). */
  code: string;
}

export const loungeJobExtras: Component<LoungeJobExtraProps>[] = [LoungeVideo];
