"""The board report (bestuursrapportage): key figures and charts per knelpunt, as HTML or PDF."""
